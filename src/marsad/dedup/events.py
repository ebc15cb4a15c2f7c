"""Cross-source event dedup: reports of one real-world event, by several outlets and over several days,
become one `CanonicalEvent` listing every report, with the best-supported fields and an audit trail.

`EventClusterer.add(report)` places one report at a time (incremental, single pass):

1. **Block.** Candidate events share the report's block, the country and admin1 (or, for a report that
   names no admin1, the country and the location name: such a report can only match the same name, see
   `compare.place_factor`), and have a member dated within `WINDOW_DAYS` (3) of the report, or within
   `UPDATE_DAYS` (7) for a member of the same sub-event type at the same location (a later update of a
   toll). Both are dict look-ups by block and day: the cost of a report depends on how many events its
   block holds around its date, not on the size of the corpus (bench/dedup_speed.py).
2. **Same article.** An event that already holds a report of the same article is skipped: the extractor
   has merged within the article, so two reports of one article are two events.
3. **Score** against the members of a candidate dated within `UPDATE_DAYS` of the report (members with
   identical type, date, place, toll and actor are scored once): the cascade of `compare` (place, type,
   date, counts, actors). The candidate's score is its best member's.
4. **Decide.** The best-scoring candidate at or above `THRESHOLD` (0.45) takes the report (ties: the
   smallest event id); otherwise the report opens a new event. With `bridge` set, other candidates the
   report fits at that score are merged into it (unless they share an article with it); their ids are
   then listed by `removed()`, which the caller must delete from its store. Reports of near-duplicate
   articles (`report.duplicate`) are placed the same way but linked `independent=False`, so they do not
   count in `n_sources`.
5. **Record.** The event's fields are recomputed from its members (`canonical.canonical_fields`), a
   `SourceLink` and an audit line record the decision and its reasons, and the event is marked changed.

State lives in the events themselves: `fields["members"]` keeps each member's `Profile`, so `load` of
stored events resumes exactly where one pass would be. Event ids are `ce-` + a hash of the opening report
id: stable across runs. Placement is greedy, so the order of reports can matter when one report fits two
events (it joins the best one and, without `bridge`, events are never merged afterwards); the order of
reports that each fit one event does not change the result (tests/dedup/test_dedup_events.py).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from marsad.dedup.canonical import canonical_fields
from marsad.dedup.compare import BRIDGE, THRESHOLD, UPDATE_DAYS, WINDOW_DAYS, Match, Profile, compare
from marsad.records import CanonicalEvent, Report, SourceLink

Block = tuple[str, str, str]


def event_id(report_id: str) -> str:
    return "ce-" + hashlib.sha1(f"canonical|{report_id}".encode()).hexdigest()[:16]


def block_of(p: Profile) -> Block:
    return (p.country or "", p.admin1 or "", "" if p.admin1 else p.place_key)


class _Cluster:
    __slots__ = ("articles", "event", "members", "probes")

    def __init__(self, event: CanonicalEvent, members: list[Profile]) -> None:
        self.event = event
        self.members = members
        self.articles = {m.article_id for m in members}
        #: Members worth scoring, by day number: one per (type, date, place, toll, actor).
        self.probes: dict[int, dict[tuple[object, ...], Profile]] = defaultdict(dict)
        for m in members:
            self._probe(m)

    def _probe(self, m: Profile) -> None:
        key = (m.sub_event_type, m.date_precision, m.admin1, m.place_key, m.fatalities, m.actor1)
        self.probes[m.ordinal].setdefault(key, m)

    def add(self, m: Profile) -> None:
        self.members.append(m)
        self.articles.add(m.article_id)
        self._probe(m)
        stored = self.event.fields.get("members")
        if not isinstance(stored, list) or len(stored) != len(self.members) - 1:
            stored = [x.to_json() for x in self.members[:-1]]
        stored.append(m.to_json())
        self.event.fields = {**canonical_fields(self.members), "members": stored}


class EventClusterer:
    """Incremental cross-source clustering of reports into canonical events (see the module docstring)."""

    def __init__(
        self, threshold: float = THRESHOLD, window_days: int = UPDATE_DAYS, bridge: float | None = BRIDGE
    ) -> None:
        self.threshold = threshold
        #: A report that fits several events at this score or more merges them (None: never).
        self.bridge = bridge
        #: How far apart (days) a report and an event it may join can be; the runner loads stored events
        #: this far around a batch's dates.
        self.window_days = window_days
        self._clusters: dict[str, _Cluster] = {}
        self._near: dict[Block, dict[date, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._update: dict[tuple[Block, str, str], dict[date, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self._report_event: dict[str, str] = {}
        self._changed: set[str] = set()
        self._removed: set[str] = set()

    def __len__(self) -> int:
        return len(self._clusters)

    @property
    def events(self) -> list[CanonicalEvent]:
        return [self._clusters[k].event for k in sorted(self._clusters)]

    def event_of(self, report_id: str) -> CanonicalEvent | None:
        key = self._report_event.get(report_id)
        return self._clusters[key].event if key else None

    def load(self, existing: Iterable[CanonicalEvent]) -> None:
        """Resume from stored events; an event already held (by id) is kept as it is in memory."""
        for ev in existing:
            if ev.id in self._clusters:
                continue
            raw = ev.fields.get("members")
            members = [Profile.from_json(m) for m in raw] if raw else [_profile_of_fields(ev)]
            cluster = _Cluster(ev, members)
            self._clusters[ev.id] = cluster
            for m in members:
                self._index(ev.id, m)

    def add(self, report: Report) -> tuple[CanonicalEvent, str]:
        """Place one report; returns its event and the decision: "new", "merged" or "known" (seen before)."""
        known = self._report_event.get(report.id)
        if known is not None:
            return self._clusters[known].event, "known"
        p = Profile.of(report)
        fits: list[tuple[float, str, Match]] = []
        for cid in self._candidates(p):
            cluster = self._clusters[cid]
            if p.article_id in cluster.articles:
                continue
            match = _best(p, cluster)
            if match is not None and match.score >= self.threshold:
                fits.append((match.score, cid, match))
        if not fits:
            return self._open(report, p), "new"
        fits.sort(key=lambda f: (-f[0], f[1]))
        score, cid, match = fits[0]
        if self.bridge is not None:
            for other_score, other, _ in fits[1:]:
                if other_score >= self.bridge and min(score, other_score) >= self.bridge:
                    self._absorb(cid, other, report.id, other_score)
        cluster = self._clusters[cid]
        reason = ", ".join(match.reasons)
        cluster.add(p)
        ev = cluster.event
        ev.links.append(
            SourceLink(report.id, report.article_id, report.source, report.published, reason, round(score, 3),
                       p.independent)
        )  # fmt: skip
        extra = "" if p.independent else " (near-duplicate article, not independent)"
        ev.audit.append(f"merged {report.id} from {report.source}{extra}: {reason}, score {score:.2f}")
        self._finish(cid, p)
        return ev, "merged"

    def changed(self) -> list[CanonicalEvent]:
        """The events created or modified since the last call, by id."""
        out = [self._clusters[k].event for k in sorted(self._changed) if k in self._clusters]
        self._changed.clear()
        return out

    def removed(self) -> list[str]:
        """The ids of events merged into another since the last call (to delete from a store)."""
        out = sorted(self._removed)
        self._removed.clear()
        return out

    def _absorb(self, target: str, other: str, report_id: str, score: float) -> None:
        """Merge event `other` into `target`: a report fits both, so they tell one event."""
        into, gone = self._clusters[target], self._clusters[other]
        if into.articles & gone.articles:
            return  # two reports of one article stay two events
        for m in gone.members:
            self._unindex(other, m)
            into.add(m)
            self._index(target, m)
            self._report_event[m.report_id] = target
        into.event.links.extend(gone.event.links)
        into.event.audit.extend(f"[{other}] {line}" for line in gone.event.audit)
        into.event.audit.append(f"absorbed {other}: {report_id} fits both (score {score:.2f})")
        del self._clusters[other]
        self._changed.add(target)
        self._changed.discard(other)
        self._removed.add(other)

    def _open(self, report: Report, p: Profile) -> CanonicalEvent:
        cid = event_id(report.id)
        ev = CanonicalEvent(cid, {})
        cluster = _Cluster(ev, [])
        cluster.add(p)
        ev.links.append(
            SourceLink(
                report.id, report.article_id, report.source, report.published, "new", 1.0, p.independent
            )
        )
        where = p.location_ar or p.admin1 or p.country or "unknown place"
        ev.audit.append(
            f"opened by {report.id} from {report.source}: {p.sub_event_type} in {where} on {p.date}"
            + ("" if p.independent else " (near-duplicate article, not independent)")
        )
        self._clusters[cid] = cluster
        self._finish(cid, p)
        return ev

    def _finish(self, cid: str, p: Profile) -> None:
        self._index(cid, p)
        self._report_event[p.report_id] = cid
        self._changed.add(cid)

    def _index(self, cid: str, m: Profile) -> None:
        block = block_of(m)
        self._near[block][m.day].add(cid)
        if m.place_key:
            self._update[(block, m.place_key, m.sub_event_type)][m.day].add(cid)
        self._report_event.setdefault(m.report_id, cid)

    def _unindex(self, cid: str, m: Profile) -> None:
        block = block_of(m)
        self._near[block][m.day].discard(cid)
        if m.place_key:
            self._update[(block, m.place_key, m.sub_event_type)][m.day].discard(cid)

    def _candidates(self, p: Profile) -> list[str]:
        block, day = block_of(p), p.day
        found: set[str] = set()
        near = self._near.get(block)
        if near:
            for d in range(-WINDOW_DAYS, WINDOW_DAYS + 1):
                found.update(near.get(day + timedelta(days=d), ()))
        update = self._update.get((block, p.place_key, p.sub_event_type)) if p.place_key else None
        if update:
            for d in range(WINDOW_DAYS + 1, self.window_days + 1):
                found.update(update.get(day + timedelta(days=d), ()))
                found.update(update.get(day - timedelta(days=d), ()))
        return sorted(found)


def _best(p: Profile, cluster: _Cluster) -> Match | None:
    """The best match among the members dated within UPDATE_DAYS (compare rules out the others), so a
    long-lived event costs no more than a short one."""
    best: Match | None = None
    if len(cluster.probes) <= 2 * UPDATE_DAYS:
        days = [d for d in cluster.probes if abs(d - p.ordinal) <= UPDATE_DAYS]
    else:
        days = [d for d in range(p.ordinal - UPDATE_DAYS, p.ordinal + UPDATE_DAYS + 1) if d in cluster.probes]
    for day in days:
        for m in cluster.probes[day].values():
            match = compare(p, m)
            if match is not None and (best is None or match.score > best.score):
                best = match
    return best


def _profile_of_fields(ev: CanonicalEvent) -> Profile:
    """A stand-in member for a stored event that has no `members` (written by something else)."""
    f = ev.fields
    first = ev.links[0] if ev.links else None
    published = first.published if first else datetime.fromisoformat(f"{f['date']}T00:00:00+00:00")
    return Profile(
        first.report_id if first else ev.id, first.article_id if first else ev.id,
        first.source if first else "",
        published.isoformat(), True, f["event_type"], f["sub_event_type"], bool(f["core"]), str(f["date"]),
        f["date_precision"], f["country"], f["admin1"], f["location_ar"], f["location_en"], f["latitude"],
        f["longitude"], int(f["geo_precision"]), f["actor1"], f["actor2"], f["actor1_type"], f["actor2_type"],
        f["fatalities"], f["injured"], float(f["confidence"]), str(f.get("evidence") or ""),
    )  # fmt: skip
