"""From the mentions of one article to its events.

The cascade, sentence by sentence:
1. Triggers that a non-event cue governs (threat, plan, purpose, condition, negation, denial, trend, ongoing
   situation, false alarm, accident, trial) are dropped (`_silenced`).
2. The rest are typed by the hierarchy rule (`_types`), per sentence and clause: a specific weapon absorbs a
   generic word (a suicide bombing is not also an IED; an "attack" by bomb is an explosion), an
   interception absorbs the missile it stopped, riot words count only where people protest, arrests only
   beside an armed or political side.
3. Places split a sentence into events (GUIDELINES §1), chosen by their role (events/placing.py); a sentence
   with no place takes the article's main place.
4. The date comes from events/dating.py; counts attach when the sentence names one place (a shared toll
   cannot be split), or come from the next sentence.
5. Candidates become events by in-article coreference (events/merging.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime

from marsad.events.analysis import Analysis, Found, Sentence, analyse
from marsad.events.dating import date_for, ongoing_text, story_date
from marsad.events.lexicons import ActorKind, CueKind, TriggerKind, is_core, is_weak, lexicons
from marsad.events.merging import Candidate, Telling, merge
from marsad.events.placing import main_place, sentence_places
from marsad.geo.places import PlaceMention
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


STATISTIC = 1000


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
        if sub == "armed_clash" and is_weak(k) and (kinds & EXPLOSIVE or "attack" in kinds):
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
            and is_weak(k)
            and not (
                kinds
                & {"shelling_artillery_missile_attack", "air_drone_strike", "remote_explosive_landmine_ied"}
            )
        ):
            continue
        # One event per type and clause: "17 strikes near Deir ez-Zor, and seven near Hasakah".
        keep.setdefault((sub, clause_of(t)), t)
    return list(keep.values())


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
    story = story_date(a, published)
    main = main_place(a)
    ongoing_story = a.title_end > 0 and ongoing_text(a, 0, a.title_end)
    out: list[Candidate] = []
    for sent in a.sentences:
        trigs = [t for t in a.within(a.triggers, sent.start, sent.end) if not _silenced(a, t, sent)]
        if not trigs:
            continue
        in_sentence = sentence_places(a, sent)
        killed, injured = _counts(a, sent)
        has_actor = bool(a.within(a.actors, sent.start, sent.end))
        for trig in _types(a, trigs, protest_article, sent):
            kind = trig.kind
            assert isinstance(kind, TriggerKind)
            clause = next((c for c in sent.clauses if c.start <= trig.start < c.end), None)
            places = in_sentence
            if clause is not None and len(sent.clauses) > 1:
                # A clause that names its own place speaks for itself.
                places = (
                    sentence_places(a, Sentence(clause.start, clause.end, (clause,), sent.index)) or places
                )
            named = any(not p.vague for p in places)  # جنوب البلاد places an event, it does not vouch for one
            if is_weak(kind) and not (
                killed or injured or (has_actor and (named or sent.start < a.title_end))
            ):
                continue
            if not _in_context(a, sent, kind):
                continue
            when = date_for(a, sent, trig, published, story)
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
                if is_weak(kind):
                    conf *= 0.85
                single = len(in_sentence) <= 1
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


def assemble_told(article: Article, version: str) -> list[tuple[Event, tuple[Telling, ...]]]:
    """The events of one article, each with the mentions (tellings) it was merged from."""
    text = article.canonical
    title_end = len(article.title) if article.title else 0
    a = analyse(text, article.published, title_end)
    if a is None:
        return []
    published = local_date(article.published)
    told = [(_event(a, article, c, version), tuple(c.told)) for c in merge(a, _candidates(a, published))]
    return [(e, t) for e, t in told if e.country is not None]


def assemble(article: Article, version: str) -> list[Event]:
    """The events of one article."""
    return [e for e, _ in assemble_told(article, version)]
