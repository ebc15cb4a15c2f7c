"""Cross-source event dedup: reports of one real-world event, by several outlets and over several days,
become one `CanonicalEvent` listing every report, with the best-supported fields and an audit trail.

`EventClusterer.add(report)` places one report at a time (incremental, single pass):

1. **Block.** Candidate events share the report's block, the country and admin1 (or, for a report that
   names no admin1, the country and the location name: such a report can only match the same name, see
   `compare.place_factor`), and have a member dated within `WINDOW_DAYS` (3) of the report, or within
   `UPDATE_DAYS` (7) for a member of the same sub-event type at the same location (a later update of a
   toll). They are read from three indexes by day (of the block; of the block and sub-event type; of the
   block, location and sub-event type), most promising first: events with a member of the report's
   sub-event type at its location, then of its sub-event type, then the others, each by the days nearest
   the report's.
2. **Same article.** An event that already holds a report of the same article is skipped: the extractor
   has merged within the article, so two reports of one article are two events.
3. **Score** against the members of a candidate that can still reach the threshold (`compare.reach`: two
   reports dated to the day at most 2 days apart at the default threshold, a day and a week or month up
   to `UPDATE_DAYS`; members with identical type, date, place, toll and actor are scored once): the cascade
   of `compare` (type, place, date, counts, actors). The candidate's score is its best member's.
4. **Cap.** At most `MAX_CANDIDATES` (12) candidates with a member close enough are scored, in the order of
   step 1, and at most `MAX_PROBES` (16) members of each, the most promising (`_promise`: same type, same
   location, fewest days apart, best toll and actor). The cost of a report is then bounded whatever the
   density of its block, and the cost of a corpus linear in its size (bench/dedup_speed.py). One of the
   caps binds for 14% of the reports of the 60k-article benchmark (the densest blocks), yet they change no
   gold pair (eval/dedup/README.md). `max_candidates=None, max_probes=None` scores every candidate: step
   3 alone skips only members that cannot fit, so the decisions are then those of scoring every member.
5. **Decide.** The best-scoring candidate at or above `THRESHOLD` (0.45) takes the report (ties: the
   smallest event id); otherwise the report opens a new event. With `bridge` set, other candidates the
   report fits at that score are merged into it (unless they share an article with it); their ids are
   then listed by `removed()`, which the caller must delete from its store. Reports of near-duplicate
   articles (`report.duplicate`) are placed the same way but linked `independent=False`, so they do not
   count in `n_sources`.
6. **Record.** The event's fields are updated from its members (`canonical.FieldTally`: constant work per
   report, however many reports the event has), a `SourceLink` and an audit line record the decision and
   its reasons, and the event is marked changed.

State lives in the events themselves: `fields["members"]` keeps each member's `Profile`, so `load` of
stored events resumes exactly where one pass would be. Event ids are `ce-` + a hash of the opening report
id: stable across runs. Placement is greedy, so the order of reports can matter when one report fits two
events (it joins the best one and, without `bridge`, events are never merged afterwards); the order of
reports that each fit one event does not change the result (tests/dedup/test_dedup_events.py).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

from marsad.dedup.canonical import FieldTally
from marsad.dedup.compare import (
    BRIDGE,
    THRESHOLD,
    UPDATE_DAYS,
    WINDOW_DAYS,
    Match,
    Profile,
    adjustments,
    compare,
    reach,
)
from marsad.records import CanonicalEvent, Report, SourceLink

Block = tuple[str, str, str]

#: At most this many candidate events are scored per report (those with a member close enough to fit), and
#: at most MAX_PROBES members of each (step 4 of the module docstring).
MAX_CANDIDATES = 12
MAX_PROBES = 16


def event_id(report_id: str) -> str:
    return "ce-" + hashlib.sha1(f"canonical|{report_id}".encode()).hexdigest()[:16]


def block_of(p: Profile) -> Block:
    return (p.country or "", p.admin1 or "", "" if p.admin1 else p.place_key)


class _Cluster:
    __slots__ = ("articles", "event", "members", "probes", "tally")

    def __init__(self, event: CanonicalEvent, members: list[Profile]) -> None:
        self.event = event
        self.members = members
        self.articles = {m.article_id for m in members}
        #: Members worth scoring, by day number: one per (type, date, place, toll, actor).
        self.probes: dict[int, dict[tuple[object, ...], Profile]] = defaultdict(dict)
        self.tally = FieldTally()
        for m in members:
            self._probe(m)
            self.tally.add(m)

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
        self.tally.add(m)
        self.event.fields = {**self.tally.fields(), "members": stored}


class EventClusterer:
    """Incremental cross-source clustering of reports into canonical events (see the module docstring)."""

    def __init__(
        self,
        threshold: float = THRESHOLD,
        window_days: int = UPDATE_DAYS,
        bridge: float | None = BRIDGE,
        max_candidates: int | None = MAX_CANDIDATES,
        max_probes: int | None = MAX_PROBES,
    ) -> None:
        self.threshold = threshold
        #: A report that fits several events at this score or more merges them (None: never).
        self.bridge = bridge
        #: How far apart (days) a report and an event it may join can be; the runner loads stored events
        #: this far around a batch's dates.
        self.window_days = window_days
        #: At most this many candidate events are scored per report, and this many members of each (None:
        #: all); see the module docstring.
        self.max_candidates = max_candidates
        self.max_probes = max_probes
        self._clusters: dict[str, _Cluster] = {}
        # Event ids by day number: of the block; of the block and sub-event type; of the block, location and
        # sub-event type (the three tiers of `_candidates`).
        self._near: dict[Block, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._typed: dict[tuple[Block, str], dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._update: dict[tuple[Block, str, str], dict[int, set[str]]] = defaultdict(
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
        scored = 0
        for cid in self._candidates(p):
            cluster = self._clusters[cid]
            if p.article_id in cluster.articles:
                continue
            match, compared = _best(p, cluster, self.threshold, self.max_probes)
            if match is not None and match.score >= self.threshold:
                fits.append((match.score, cid, match))
            scored += compared > 0
            if self.max_candidates is not None and scored >= self.max_candidates:
                break
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
        self._near[block][m.ordinal].add(cid)
        self._typed[(block, m.sub_event_type)][m.ordinal].add(cid)
        if m.place_key:
            self._update[(block, m.place_key, m.sub_event_type)][m.ordinal].add(cid)
        self._report_event.setdefault(m.report_id, cid)

    def _unindex(self, cid: str, m: Profile) -> None:
        block = block_of(m)
        self._near[block][m.ordinal].discard(cid)
        self._typed[(block, m.sub_event_type)][m.ordinal].discard(cid)
        if m.place_key:
            self._update[(block, m.place_key, m.sub_event_type)][m.ordinal].discard(cid)

    def _candidates(self, p: Profile) -> Iterator[str]:
        """The events of the report's block with a member dated within WINDOW_DAYS of it, or within
        `window_days` for a member of its sub-event type at its location (an update), each once and most
        promising first: those with a member of its sub-event type at its location, then of its sub-event
        type, then the others; within each, members' days nearest the report's first, ids in order."""
        block, day = block_of(p), p.ordinal
        tiers: list[tuple[dict[int, set[str]] | None, int]] = [
            (self._update.get((block, p.place_key, p.sub_event_type)) if p.place_key else None,
             self.window_days),
            (self._typed.get((block, p.sub_event_type)), WINDOW_DAYS),
            (self._near.get(block), WINDOW_DAYS),
        ]  # fmt: skip
        seen: set[str] = set()
        for index, width in tiers:
            if not index:
                continue
            for gap in range(width + 1):
                for d in (day - gap, day + gap) if gap else (day,):
                    ids = index.get(d)
                    if not ids:
                        continue
                    fresh = ids - seen
                    seen |= fresh
                    yield from sorted(fresh)


def _best(p: Profile, cluster: _Cluster, threshold: float, limit: int | None) -> tuple[Match | None, int]:
    """The best match among the members that can reach `threshold` (`compare.reach`: dated within 2 days
    for two reports dated to the day, at the default threshold) and the number of members scored. Members
    too far apart to fit are not scored (the result is the same above the threshold), so a long-lived
    event costs no more than a short one. With more than `limit` members left, the `limit` most promising
    are scored: of the report's sub-event type, at its location, on the nearest days."""
    on_day = p.date_precision == "day"
    same, mixed = reach(threshold, on_day, on_day), reach(threshold, on_day, not on_day)
    far = max(same, mixed)
    probes = cluster.probes
    if len(probes) <= 2 * far + 1:
        days = [d for d in probes if abs(d - p.ordinal) <= far]
    else:
        days = [d for d in range(p.ordinal - far, p.ordinal + far + 1) if d in probes]
    todo = [
        m
        for d in days
        for m in probes[d].values()
        if abs(d - p.ordinal) <= (same if (m.date_precision == "day") == on_day else mixed)
    ]
    if limit is not None and len(todo) > limit:
        todo.sort(key=lambda m: _promise(p, m))
        del todo[limit:]
    best: Match | None = None
    for m in todo:
        match = compare(p, m)
        if match is not None and (best is None or match.score > best.score):
            best = match
    return best, len(todo)


def _promise(p: Profile, m: Profile) -> tuple[bool, bool, int, float]:
    """Sorts members roughly as `compare` would score them: same type, same location, fewest days apart,
    then the best toll and actor adjustments."""
    adjust = 1.0
    for factor, _ in adjustments(p, m):
        adjust *= factor
    return (
        m.sub_event_type != p.sub_event_type,
        m.place_key != p.place_key,
        abs(m.ordinal - p.ordinal),
        -adjust,
    )


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
