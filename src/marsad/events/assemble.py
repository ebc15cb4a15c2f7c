"""From the mentions of one article to its events.

The cascade, sentence by sentence:
1. Triggers that a non-event cue governs (a threat, plan, condition, negation, trend or trial in the same
   clause) are dropped.
2. The remaining triggers are typed by the hierarchy rule (`_types`): a specific weapon absorbs a generic
   word (a suicide bombing is not also an IED; an "attack" by bomb is an explosion), an interception absorbs
   the missile it stopped, riot words only count where people protest.
3. The sentence's places split it (GUIDELINES §1: one event per place); a sentence with no place takes the
   article's main place. Its date is the date expression nearest the trigger, else the story's date, and a
   background sentence ("وكان ... قد") with no date of its own reports nothing datable.
4. Counts attach to the event when it is the sentence's only event (a shared toll cannot be split).
5. Events of one type and day are merged across sentences when their places agree or one place contains
   the other, keeping the most specific place and the highest toll (in-article coreference).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache

from marsad.events.analysis import Analysis, Found, Sentence, analyse
from marsad.events.lexicons import ActorKind, CueKind, TriggerKind, is_core, lexicons
from marsad.finders.dates import DateMention
from marsad.geo.places import Place, PlaceMention
from marsad.geo.user import active_gazetteer
from marsad.model import Article, Event, Evidence, Span
from marsad.text.normalize import normalize_string
from marsad.text.tokenize import words

EXPLOSIVE = frozenset(
    {
        "suicide_bomb",
        "remote_explosive_landmine_ied",
        "air_drone_strike",
        "shelling_artillery_missile_attack",
        "grenade",
        "chemical_weapon",
    }
)


STORY_WINDOW = timedelta(days=7)
STATISTIC = 1000
LEAD_SENTENCES = 2  # the headline and the first sentences of the body: where breaking news is told


@dataclass
class Candidate:
    """An event being built; merged candidates pool their evidence."""

    kind: TriggerKind
    trigger: Found
    sentence: Sentence
    place: PlaceMention | None
    place_fallback: Place | None
    date: date
    date_precision: str
    date_span: DateMention | None
    fatalities: tuple[int, Span] | None
    injured: tuple[int, Span] | None
    actor1: tuple[str, int | None, Span] | None
    actor2: tuple[str, int | None, Span] | None
    confidence: float
    sources: list[int] = field(default_factory=list)

    @property
    def where(self) -> Place | None:
        return self.place.place if self.place else self.place_fallback

    @property
    def specificity(self) -> int:
        p = self.where
        if p is None:
            return 0
        return {"country": 1, "admin1": 2, "region": 2}.get(p.kind, 3)


def _span(a: Analysis, start: int, end: int) -> Span:
    return Span(start, end, a.text[start:end])


def _silenced(a: Analysis, trig: Found, sent: Sentence) -> bool:
    clause = next((c for c in sent.clauses if c.start <= trig.start < c.end), None)
    lo, hi = (clause.start, clause.end) if clause else (sent.start, sent.end)
    for cue in a.within(a.cues, lo, hi):
        kind = cue.kind
        assert isinstance(kind, CueKind)
        if kind.scope == "clause":
            return True
    for cue in a.within(a.cues, sent.start, sent.end):
        kind = cue.kind
        assert isinstance(kind, CueKind)
        if kind.scope == "sentence":
            return True
        # A threat or plan governs what follows it in the sentence, across commas, within its window.
        if kind.scope == "after" and cue.last < trig.first and trig.first - cue.last <= kind.window:
            return True
    # لاستعادة، لاعتقال: "in order to", a purpose not a deed.
    token = a.tokens[trig.first].text
    return (
        isinstance(trig.kind, TriggerKind)
        and trig.kind.key in ("territory", "arrests")
        and token.startswith("ل")
    )


@cache
def _is_weak(kind: TriggerKind) -> bool:
    return normalize_string(kind.phrase) in lexicons().weak


def _types(a: Analysis, trigs: list[Found], protest_article: bool, sent: Sentence) -> list[Found]:
    """The triggers that stand for distinct events in one sentence, after the hierarchy rule."""

    def clause_of(t: Found) -> int:
        return next((i for i, c in enumerate(sent.clauses) if c.start <= t.start < c.end), 0)

    kinds = {t.kind.sub_event_type for t in trigs if isinstance(t.kind, TriggerKind)}
    keys = {t.kind.key for t in trigs if isinstance(t.kind, TriggerKind)}
    specific_explosive = (kinds & EXPLOSIVE) - (
        {"remote_explosive_landmine_ied"} if "explosion" in keys else set()
    )
    if "remote_explosive_landmine_ied" in kinds and any(
        isinstance(t.kind, TriggerKind) and t.kind.key == "remote_explosive_landmine_ied" for t in trigs
    ):
        specific_explosive = specific_explosive | {"remote_explosive_landmine_ied"}
    keep: dict[tuple[str, int], Found] = {}
    for t in sorted(trigs, key=lambda t: (-t.kind.priority, t.start)):  # type: ignore[union-attr]
        k = t.kind
        assert isinstance(k, TriggerKind)
        sub = k.sub_event_type
        if k.key == "explosion" and specific_explosive:
            continue
        if sub == "remote_explosive_landmine_ied" and "suicide_bomb" in kinds:
            continue
        if (
            sub in ("shelling_artillery_missile_attack", "air_drone_strike")
            and "disrupted_weapons_use" in kinds
        ):
            continue
        if sub == "armed_clash" and _is_weak(k) and (kinds & EXPLOSIVE or "attack" in kinds):
            continue
        if (
            sub == "shelling_artillery_missile_attack"
            and "air_drone_strike" in kinds
            and normalize_string(k.phrase).startswith(("قصف", "القصف"))
            and "صاروخي" not in normalize_string(k.phrase)
            and "مدفعي" not in normalize_string(k.phrase)
        ):
            continue
        if sub == "armed_clash" and kinds & {"peaceful_protest", "violent_demonstration"}:
            continue
        if sub == "attack" and kinds & EXPLOSIVE:
            continue
        if sub == "violent_demonstration" and not ("peaceful_protest" in kinds or protest_article):
            continue
        if sub == "peaceful_protest" and any(k[0] == "violent_demonstration" for k in keep):
            continue
        if sub == "change_to_group_activity" and len(kinds) > 1:
            continue
        if (
            sub == "disrupted_weapons_use"
            and _is_weak(k)
            and not (
                kinds
                & {"shelling_artillery_missile_attack", "air_drone_strike", "remote_explosive_landmine_ied"}
            )
        ):
            continue
        # One event per type and clause: "17 strikes near Deir ez-Zor, and seven near Hasakah".
        keep.setdefault((sub, clause_of(t)), t)
    return list(keep.values())


SMALL_KINDS = frozenset({"city", "town", "neighbourhood", "facility"})


def _prev_words(a: Analysis, pos: int) -> tuple[list[str], str]:
    """The (normalized) words before `pos`, nearest last, and the letters glued to the front of the name."""
    window = a.text[max(0, pos - 40) : pos]
    glued = ""
    while window and window[-1].isalpha():
        glued = window[-1] + glued
        window = window[:-1]
    return normalize_string(window).replace("،", " ").split(), normalize_string(glued)


def _prev_word(a: Analysis, pos: int) -> tuple[str, str]:
    words, glued = _prev_words(a, pos)
    return (words[-1] if words else ""), glued


def _role(a: Analysis, p: PlaceMention, previous: str | None) -> str:
    """How a place stands in its sentence: `loc` (where it happened), `ref` (a landmark), `src`, `other`."""
    R = lexicons().roles
    words, glued = _prev_words(a, p.start)
    if glued.startswith(("ب", "وب", "فب", "في")):
        return "loc"
    if words and words[-1] in R.reference:
        return "ref"
    if len(words) > 1 and words[-1] == "من" and words[-2] in R.reference:
        return "ref"  # بالقرب من، على مقربة من
    # Skip the type word (محافظة) and a direction word (شمال) to reach the preposition that governs them.
    while words and (words[-1] == p.type_word or words[-1] in R.directions) and len(words) > 1:
        words = words[:-1]
    prev = words[-1] if words else ""
    if prev in R.reference:
        return "ref"
    if prev in R.inside and len(words) > 1 and words[-2] in R.source:
        return "src"  # "أطلق من داخل اليمن": launched from, not struck at
    if prev in R.target:
        return "loc"
    if prev in R.source or glued.startswith(("ل", "ول")):
        return "src"
    if p.direction:
        return "loc" if prev in ("في", "داخل") or prev.startswith("ب") else "ref"
    if p.type_word or prev in R.locative:
        return "loc"
    if glued.startswith(("و", "ف")) and previous in ("loc", "ref"):
        return previous
    between = a.text[max(0, p.start - 3) : p.start]
    if "،" in between and previous in ("loc", "ref"):
        return previous
    return "other"


def _inside(inner: PlaceMention, outer: PlaceMention) -> bool:
    """Whether `inner` names a place within `outer` (both in one admin1)."""
    if outer.place.kind in ("admin1", "region"):
        return inner.place.kind in SMALL_KINDS
    if outer.place.kind == "city" and inner.place.kind in ("neighbourhood", "facility"):
        return True
    return (
        outer.type_word in lexicons().roles.containers and inner.type_word not in lexicons().roles.containers
    )


def _sentence_places(a: Analysis, sent: Sentence) -> list[PlaceMention]:
    found = [p for p in a.places if sent.start <= p.start and p.end <= sent.end]
    if not found:
        return []
    actor_spans = [(m.start, m.end) for m in a.within(a.actors, sent.start, sent.end)]
    named_countries = {p.place.country for p in found if p.place.kind == "country" or p.nisba}
    roles: list[tuple[PlaceMention, str]] = []
    previous: str | None = None
    for p in found:
        role = _role(a, p, previous)
        previous = role
        if p.nisba:
            continue
        if role != "loc" and any(s < p.end and p.start < e for s, e in actor_spans):
            continue
        if (
            a.country
            and p.place.country != a.country
            and p.place.kind in SMALL_KINDS
            and p.place.country not in named_countries
            and not p.type_word
        ):
            continue
        roles.append((p, role))
    chosen: list[PlaceMention] = []
    for wanted in ("loc", "ref", "other"):  # "src" places (launched from, taken to) never locate
        chosen = [p for p, r in roles if r == wanted]
        if wanted == "other":
            chosen = [p for p in chosen if a.country is None or p.place.country == a.country]
        if chosen:
            break
    if chosen and all(p.place.kind == "country" for p in chosen):
        # "in Syria ... near Hasakah": a landmark inside the country says more than the country.
        finer = [
            p
            for p, r in roles
            if r == "ref"
            and p.place.kind != "country"
            and p.place.country in {q.place.country for q in chosen}
        ]
        chosen = finer or chosen
    finer = [p for p in chosen if p.place.kind != "country"]
    if finer:
        chosen = finer
    out: list[PlaceMention] = []
    for p in chosen:
        if any(q is not p and q.place.admin1 == p.place.admin1 and _inside(q, p) for q in chosen):
            continue  # "حي الشعلة ببغداد", "مديرية صرواح في مأرب": the event is at the inner place
        if any(q.place.id == p.place.id for q in out):
            continue
        out.append(p)
    return out


def _main_place(a: Analysis) -> Place | None:
    """The article's main place: the first named in the title or lead, in the article's country."""
    lead_end = a.sentences[min(3, len(a.sentences) - 1)].end if a.sentences else 0
    for p in a.places:
        if p.start > lead_end:
            break
        if not p.nisba and (a.country is None or p.place.country == a.country):
            return p.place
    if a.country:
        return active_gazetteer().country(a.country)
    return None


def _story_date(a: Analysis, published: date) -> DateMention | None:
    lead_end = a.sentences[min(3, len(a.sentences) - 1)].end if a.sentences else 0
    for d in a.dates:
        if d.start > lead_end:
            break
        if d.precision == "day" and published - STORY_WINDOW <= d.date <= published:
            return d
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _is_background(a: Analysis, sent: Sentence, published: date) -> bool:
    """A sentence that recalls the past: "وكان ... قد", or one that names another year than the story's."""
    head = a.normalized(sent.start, sent.start + 12).split()
    if head and head[0] in lexicons().roles.background_openers:
        return True
    text = a.normalized(sent.start, sent.end)
    return any(int(y) != published.year for y in _YEAR.findall(text))


def _is_since(a: Analysis, d: DateMention) -> bool:
    """ "منذ 18 فبراير": the start of something ongoing, not the day of one event."""
    prev, _ = _prev_word(a, d.start)
    if prev in lexicons().roles.since:
        return True
    return normalize_string(d.text).startswith("منذ") and d.precision != "day"


def _causes(a: Analysis, start: int, end: int) -> bool:
    """Whether text[start:end] holds a cause marker ("ردا على", "انتقاما"): what follows happened before."""
    return bool(lexicons().roles.cause & set(a.normalized(start, end).split()))


def _date_for(
    a: Analysis, sent: Sentence, trig: Found, published: date, story: DateMention | None
) -> tuple[date, str, DateMention | None] | None:
    """The event's date: its own clause's, then its sentence's, then the story's; None for undatable past."""
    clause = next((c for c in sent.clauses if c.start <= trig.start < c.end), None)
    lo, hi = (clause.start, clause.end) if clause else (sent.start, sent.end)
    inside = [d for d in a.dates if sent.start <= d.start and d.end <= sent.end and d.date <= published]
    in_clause = [d for d in inside if lo <= d.start < hi]
    if not in_clause and any(int(y) != published.year for y in _YEAR.findall(a.normalized(lo, hi))):
        return None
    pool = in_clause or [d for d in inside if d.start < trig.start] or inside
    if pool and not in_clause:
        # "X struck on Saturday in response to an attack on Douma days ago": a date before the cause marker
        # belongs to the response, not to the cause.
        before = [d for d in pool if d.start < trig.start]
        if before and _causes(a, max(d.end for d in before), trig.start):
            pool = [d for d in inside if d.start > trig.start]
    if pool:
        best = min(pool, key=lambda d: abs(d.start - trig.start))
        norm_clause = a.normalized(lo, hi)
        for y in _YEAR.finditer(norm_clause):
            # Another year after the trigger, or nearer it than the chosen date: the event is of that year.
            after = lo + y.start() > trig.start > best.start
            nearer = abs(lo + y.start() - trig.start) < abs(best.start - trig.start)
            if int(y.group()) != published.year and (nearer or after):
                return None
        if _is_since(a, best) and best.date < published - STORY_WINDOW:
            return None
        return best.date, best.precision, best
    if _is_background(a, sent, published):
        return None
    if story is not None:
        return story.date, story.precision, story
    if sent.index > LEAD_SENTENCES and not any(d.precision == "day" and d.date <= published for d in a.dates):
        # Not in the headline or lead and no day named anywhere: not breaking news of one day, so only its
        # month is known (GUIDELINES §3).
        return published.replace(day=1), "month", None
    return published, "day", None


def _counts(a: Analysis, sent: Sentence) -> tuple[tuple[int, Span] | None, tuple[int, Span] | None]:
    killed: tuple[int, Span] | None = None
    injured: tuple[int, Span] | None = None
    for c in a.casualties:
        if not (sent.start <= c.start and c.end <= sent.end) or c.value is None:
            continue
        span = _span(a, c.start, c.end)
        if c.kind == "killed" and (killed is None or c.value > killed[0]):
            killed = (c.value, span)
        elif c.kind == "injured" and (injured is None or c.value > injured[0]):
            injured = (c.value, span)
    return killed, injured


def _actors(
    a: Analysis, sent: Sentence, trig: Found, sub: str, country: str | None
) -> tuple[tuple[str, int | None, Span] | None, tuple[str, int | None, Span] | None]:
    labelled: list[tuple[str, int | None, Found, str]] = []
    state = lexicons().state_forces
    for m in a.within(a.actors, sent.start, sent.end):
        kind = m.kind
        assert isinstance(kind, ActorKind)
        label = kind.label or (state.get(country) if country else None)
        if label is None:
            continue
        prev = a.tokens[m.first - 1].text if m.first > 0 else ""
        prev_forms = {prev, prev[1:] if len(prev) > 3 else prev}
        if prev_forms & lexicons().roles.victim:
            role = "victim"
        elif prev_forms & lexicons().roles.agent or m.first == trig.last + 1:
            role = "agent"
        else:
            role = "before" if m.start < trig.start else "after"
        labelled.append((label, kind.inter, m, role))
    if sub in ("peaceful_protest", "protest_with_intervention"):
        labelled.insert(0, ("Protesters", 6, trig, "agent"))
    elif sub == "violent_demonstration":
        labelled.insert(0, ("Rioters", 5, trig, "agent"))
    order = {"agent": 0, "before": 1, "after": 2, "victim": 3}
    actor1 = next((x for x in sorted(labelled, key=lambda x: order[x[3]]) if x[3] != "victim"), None)
    rest = [x for x in labelled if actor1 is None or x[0] != actor1[0]]
    victims = [x for x in rest if x[3] == "victim"] or [x for x in rest if x[3] == "after"]
    actor2 = victims[0] if victims else None
    if actor1 and actor1[0] == "Civilians":
        actor1, actor2 = None, actor1

    def pack(x: tuple[str, int | None, Found, str] | None) -> tuple[str, int | None, Span] | None:
        return (x[0], x[1], _span(a, x[2].start, x[2].end)) if x else None

    return pack(actor1), pack(actor2)


def _ongoing_text(a: Analysis, start: int, end: int) -> bool:
    ongoing = lexicons().roles.ongoing
    text = a.normalized(start, end)
    return any((" " in w and w in text) or w in text.split() for w in ongoing)


def _in_context(a: Analysis, sent: Sentence, kind: TriggerKind) -> bool:
    """A type with a `context` list (arrests) counts only beside an armed or political side or those words."""
    needed = lexicons().context.get(kind.key)
    if needed is None:
        return True
    for m in a.within(a.actors, sent.start, sent.end):
        if isinstance(m.kind, ActorKind) and m.kind.inter in (2, 3, 4):
            return True
    return needed.any_match(words(a.normalized(sent.start, sent.end)))


def _candidates(a: Analysis, published: date) -> list[Candidate]:
    protest_article = any(
        isinstance(t.kind, TriggerKind) and t.kind.sub_event_type == "peaceful_protest" for t in a.triggers
    )
    story = _story_date(a, published)
    main = _main_place(a)
    ongoing_story = a.title_end > 0 and _ongoing_text(a, 0, a.title_end)
    out: list[Candidate] = []
    for sent in a.sentences:
        trigs = [t for t in a.within(a.triggers, sent.start, sent.end) if not _silenced(a, t, sent)]
        if not trigs:
            continue
        sentence_places = _sentence_places(a, sent)
        killed, injured = _counts(a, sent)
        has_actor = bool(a.within(a.actors, sent.start, sent.end))
        for trig in _types(a, trigs, protest_article, sent):
            kind = trig.kind
            assert isinstance(kind, TriggerKind)
            clause = next((c for c in sent.clauses if c.start <= trig.start < c.end), None)
            places = sentence_places
            if clause is not None and len(sent.clauses) > 1:
                # A clause that names its own place speaks for itself.
                places = (
                    _sentence_places(a, Sentence(clause.start, clause.end, (clause,), sent.index)) or places
                )
            if _is_weak(kind) and not (
                killed or injured or (has_actor and (places or sent.start < a.title_end))
            ):
                continue
            if not _in_context(a, sent, kind):
                continue
            when = _date_for(a, sent, trig, published, story)
            if when is None:
                continue
            day, precision, dspan = when
            undated = dspan is None or (dspan is story and not sent.start <= dspan.start < sent.end)
            if undated and (normalize_string(kind.phrase) in lexicons().waves or ongoing_story):
                # "احتجاجات", "نزيف درعا مستمر": a wave or a campaign, not one day
                day, precision = day.replace(day=1), "month"
            if killed is not None and killed[0] >= STATISTIC:
                continue  # "more than two thousand executed": a tally of years, not one event
            options: list[PlaceMention | None] = [*places] or [None]
            for place in options:
                country = place.place.country if place else (main.country if main else a.country)
                actor1, actor2 = _actors(a, sent, trig, kind.sub_event_type, country)
                sub = kind.sub_event_type
                if sub == "arrests" and actor1 is not None and actor1[1] not in (1, 8):
                    # Those arrested are the acted-upon side; the arresting side is the state's forces.
                    state = lexicons().state_forces.get(country or "")
                    actor1, actor2 = ((state, 1, actor1[2]) if state else None), actor1
                if kind.key == "territory" and actor1 is not None and actor1[1] not in (1, 8):
                    sub = "non_state_actor_overtakes_territory"
                conf = kind.strength * (0.95 if place else 0.8) * (1.0 if dspan else 0.9)
                if _is_weak(kind):
                    conf *= 0.85
                single = len(sentence_places) <= 1
                out.append(
                    Candidate(
                        kind=replace(kind, sub_event_type=sub),
                        trigger=trig,
                        sentence=sent,
                        place=place,
                        place_fallback=None if place else main,
                        date=day,
                        date_precision=precision,
                        date_span=dspan,
                        fatalities=killed if single else None,
                        injured=injured if single else None,
                        actor1=actor1,
                        actor2=actor2,
                        confidence=conf,
                        sources=[sent.index],
                    )
                )
    _carry_counts(a, out)
    return out


def _carry_counts(a: Analysis, cands: list[Candidate]) -> None:
    """A toll told in the next sentence ("وأسفر الهجوم عن مقتل 4") belongs to the event just reported."""
    with_events = {c.sentence.index for c in cands}
    for sent in a.sentences:
        if sent.index in with_events:
            continue
        previous = [c for c in cands if sent.index - 2 <= c.sentence.index < sent.index]
        if not previous:
            continue
        last = max(previous, key=lambda c: c.trigger.start)
        same_sentence = [c for c in previous if c.sentence.index == last.sentence.index]
        if len({c.where.id if c.where else None for c in same_sentence}) > 1:
            continue  # a toll shared by several places cannot be split (GUIDELINES §10)
        killed, injured = _counts(a, sent)
        for c in same_sentence:
            if c.fatalities is None and killed is not None and killed[0] < STATISTIC:
                c.fatalities = killed
            if c.injured is None and injured is not None:
                c.injured = injured


def _contains(outer: Place | None, inner: Place | None) -> bool:
    if outer is None or inner is None:
        return outer is None
    if outer.id == inner.id:
        return True
    if outer.kind == "country":
        return inner.country == outer.country
    if outer.kind in ("admin1", "region") and outer.admin1:
        return inner.admin1 == outer.admin1
    # A city holds its neighbourhoods and facilities (Baghdad and its Shula district).
    if outer.kind == "city" and inner.kind in ("neighbourhood", "facility") and outer.admin1:
        return inner.admin1 == outer.admin1
    return False


def _absorb(into: Candidate, other: Candidate) -> None:
    if other.specificity > into.specificity:
        into.place, into.place_fallback = other.place, other.place_fallback
    for attr in ("fatalities", "injured"):
        mine, theirs = getattr(into, attr), getattr(other, attr)
        if theirs is not None and (mine is None or theirs[0] > mine[0]):
            setattr(into, attr, theirs)
    if into.actor1 is None:
        into.actor1 = other.actor1
    if into.actor2 is None:
        into.actor2 = other.actor2
    if into.date_span is None and other.date_span is not None and other.date == into.date:
        into.date_span = other.date_span
    into.confidence = min(1.0, max(into.confidence, other.confidence) + 0.05)
    into.sources.extend(other.sources)


def _refers_back(a: Analysis, c: Candidate) -> bool:
    word = a.tokens[c.trigger.first].text
    definite = word.startswith(("ال", "وال", "فال", "بال", "لل"))
    return (
        definite and _is_weak(c.kind) and c.date_span is None and c.fatalities is None and c.injured is None
    )


def _merge(a: Analysis, cands: list[Candidate]) -> list[Candidate]:
    """In-article coreference: one event per (type, day, place), a vaguer mention folded into a sharper one.

    A candidate whose sentence named no place ("the strike killed 14") refers back to an event of its type
    and day named elsewhere; one with no date of its own joins an event of its type at the same place.
    """
    merged: list[Candidate] = []
    for c in cands:
        target = None
        for m in merged:
            if m.kind.sub_event_type != c.kind.sub_event_type or m.date != c.date:
                continue
            if (
                (m.where and c.where and m.where.id == c.where.id)
                or _contains(m.where, c.where)
                or _contains(c.where, m.where)
            ):
                target = m
                break
        if target is None:
            merged.append(c)
        else:
            _absorb(target, c)
    # "The attack" of a sentence that names no weapon is the bombing or strike the article reports that day.
    merged = [
        c
        for c in merged
        if not (
            c.kind.sub_event_type == "armed_clash"
            and _is_weak(c.kind)
            and any(
                m is not c
                and m.date == c.date
                and m.kind.event_type != "battles"
                and m.where is not None
                and c.where is not None
                and (_contains(m.where, c.where) or _contains(c.where, m.where))
                for m in merged
            )
        )
    ]
    intercepted = {
        (c.date, c.where.id if c.where else None)
        for c in merged
        if c.kind.sub_event_type == "disrupted_weapons_use"
    }
    # A missile the article says was intercepted is not also a missile attack (GUIDELINES §10).
    merged = [
        c
        for c in merged
        if not (
            c.kind.sub_event_type in ("shelling_artillery_missile_attack", "air_drone_strike")
            and _is_weak(c.kind)
            and (c.date, c.where.id if c.where else None) in intercepted
        )
    ]
    out: list[Candidate] = []
    for c in merged:
        target = None
        for m in out:
            if m.kind.sub_event_type != c.kind.sub_event_type:
                continue
            anaphoric = c.place is None and m.date == c.date
            same_place = m.where is not None and c.where is not None and m.where.id == c.where.id
            undated = c.date_span is None and m.date_span is not None and same_place
            # Neither names a day: the headline's event retold in the body, whatever default date each got.
            near = (
                m.where is not None
                and c.where is not None
                and (_contains(m.where, c.where) or _contains(c.where, m.where))
            )
            both_undated = c.date_span is None and m.date_span is None and near
            if anaphoric or undated or both_undated:
                target = m
                break
        if target is None:
            out.append(c)
        else:
            _absorb(target, c)
    # "ويأتي الهجوم بعد ...": a loose word with the article refers back to an event told elsewhere; alone,
    # with no count and no date of its own, it reports nothing new.
    return [c for c in out if len(c.sources) > 1 or not _refers_back(a, c)]


def _event(a: Analysis, article: Article, c: Candidate, version: str) -> Event:
    place = c.where
    mention = c.place
    geo_precision = mention.geo_precision if mention else (3 if place is None or place.kind != "city" else 2)
    location_ar = mention.text if mention else (place.name_ar if place else None)
    ident = f"{article.id}|{c.kind.sub_event_type}|{c.date}|{place.id if place else ''}|{c.trigger.start}"
    sent = c.sentence
    return Event(
        id=hashlib.sha1(ident.encode("utf-8")).hexdigest()[:16],
        doc_id=article.id,
        event_type=c.kind.event_type,
        sub_event_type=c.kind.sub_event_type,
        core=is_core(c.kind.event_type, c.kind.sub_event_type),
        date=c.date,
        date_precision=c.date_precision,
        country=place.country if place else a.country,
        admin1=place.admin1 if place and place.kind != "country" else None,
        location_ar=location_ar,
        location_en=place.name_en if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=geo_precision,
        actor1=c.actor1[0] if c.actor1 else None,
        actor2=c.actor2[0] if c.actor2 else None,
        actor1_type=c.actor1[1] if c.actor1 else None,
        actor2_type=c.actor2[1] if c.actor2 else None,
        fatalities=c.fatalities[0] if c.fatalities else None,
        injured=c.injured[0] if c.injured else None,
        confidence=c.confidence,
        evidence=Evidence(
            sentence=_span(a, sent.start, sent.end),
            trigger=_span(a, c.trigger.start, c.trigger.end),
            date=_span(a, c.date_span.start, c.date_span.end) if c.date_span else None,
            place=_span(a, mention.start, mention.end) if mention else None,
            actor1=c.actor1[2] if c.actor1 else None,
            actor2=c.actor2[2] if c.actor2 else None,
            fatalities=c.fatalities[1] if c.fatalities else None,
            injured=c.injured[1] if c.injured else None,
        ),
        extractor_version=version,
    )


def local_date(published: datetime) -> date:
    """The article's own calendar day: the date written in its timestamp, in its own time zone."""
    return published.date()


def assemble(article: Article, version: str) -> list[Event]:
    """The events of one article."""
    text = article.canonical
    title_end = len(article.title) if article.title else 0
    a = analyse(text, article.published, title_end)
    if a is None:
        return []
    published = local_date(article.published)
    events = [_event(a, article, c, version) for c in _merge(a, _candidates(a, published))]
    return [e for e in events if e.country is not None]
