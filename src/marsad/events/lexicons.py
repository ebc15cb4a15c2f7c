"""Loads the trigger, actor and cue lexicons (data/lexicon/*.yaml) into phrase matchers, once per process.

The YAML files are the language knowledge; this module only checks their shape and indexes them. A
malformed file raises `LexiconError` naming the file and the entry, at load time, never mid-extraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from marsad.data import load_lexicon_yaml
from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import normalize_string

EVENT_TYPES: dict[str, frozenset[str]] = {
    "battles": frozenset(
        {"armed_clash", "government_regains_territory", "non_state_actor_overtakes_territory"}
    ),
    "explosions_remote_violence": frozenset(
        {
            "air_drone_strike",
            "shelling_artillery_missile_attack",
            "remote_explosive_landmine_ied",
            "suicide_bomb",
            "grenade",
            "chemical_weapon",
        }
    ),
    "violence_against_civilians": frozenset({"attack", "abduction_forced_disappearance", "sexual_violence"}),
    "protests": frozenset(
        {"peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters"}
    ),
    "riots": frozenset({"violent_demonstration", "mob_violence"}),
    "strategic_developments": frozenset(
        {
            "arrests",
            "disrupted_weapons_use",
            "looting_property_destruction",
            "headquarters_or_base_established",
            "non_violent_transfer_of_territory",
            "agreement",
            "change_to_group_activity",
            "other",
        }
    ),
}
CORE_STRATEGIC = frozenset({"arrests", "disrupted_weapons_use"})


def is_core(event_type: str, sub_event_type: str) -> bool:
    return event_type != "strategic_developments" or sub_event_type in CORE_STRATEGIC


class LexiconError(ValueError):
    """A lexicon data file is malformed."""


@dataclass(frozen=True, slots=True)
class TriggerKind:
    """What a trigger phrase says: a (possibly provisional) sub-event type and how sure it makes us."""

    key: str
    event_type: str
    sub_event_type: str
    priority: int
    strength: float
    phrase: str


@dataclass(frozen=True, slots=True)
class ActorKind:
    label: str | None  # None for generic state forces, labelled by the event's country
    inter: int | None


@dataclass(frozen=True, slots=True)
class CueKind:
    name: str
    scope: str
    window: int


@dataclass(frozen=True)
class Roles:
    """Function words of data/lexicon/roles.yaml, normalized; see that file for what each list means."""

    locative: frozenset[str]
    reference: frozenset[str]
    source: frozenset[str]
    inside: frozenset[str]
    target: frozenset[str]
    directions: frozenset[str]
    containers: frozenset[str]
    agent: frozenset[str]
    victim: frozenset[str]
    background_openers: frozenset[str]
    cause: frozenset[str]
    ongoing: frozenset[str]
    since: frozenset[str]
    since_far: frozenset[str]
    campaign_start: frozenset[str]


@dataclass(frozen=True)
class Lexicons:
    triggers: PhraseMatcher[TriggerKind]
    actors: PhraseMatcher[ActorKind]
    cues: PhraseMatcher[CueKind]
    state_forces: dict[str, str]
    weak: frozenset[str]  # normalized trigger phrases that name an event only loosely
    waves: frozenset[str]  # normalized plural protest words: a wave of days, dated by its month
    context: dict[str, PhraseMatcher[str]]  # trigger key -> words one of which its sentence must hold
    roles: Roles
    #: Phrases that hold a trigger word but name no event (منظمة حظر الأسلحة الكيميائية, السيطرة على الوضع):
    #: a trigger inside one is no trigger.
    masks: PhraseMatcher[str]


def _load(name: str) -> dict[str, Any]:
    return load_lexicon_yaml(name, LexiconError)


def _phrases(name: str, key: str, entry: dict[str, Any]) -> list[str]:
    phrases = entry.get("phrases")
    if (
        not isinstance(phrases, list)
        or not phrases
        or not all(isinstance(p, str) and p.strip() for p in phrases)
    ):
        raise LexiconError(f"{name}: {key}: `phrases` must be a non-empty list of strings")
    return phrases


def _words(name: str, where: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise LexiconError(f"{name}: {where} must be a non-empty list of words")
    return frozenset(normalize_string(w) for w in value)


def _triggers() -> tuple[
    PhraseMatcher[TriggerKind],
    frozenset[str],
    frozenset[str],
    dict[str, PhraseMatcher[str]],
    PhraseMatcher[str],
]:
    """The trigger matcher, the weak and wave words, the context words per type, and the masks."""
    data = _load("triggers.yaml")
    weak = _words("triggers.yaml", "weak", data.get("weak"))
    waves = _words("triggers.yaml", "waves", data.get("waves"))
    masks = _words("triggers.yaml", "masks", data.get("masks"))
    context: dict[str, PhraseMatcher[str]] = {}
    entries: list[tuple[str, TriggerKind]] = []
    for key, entry in data.get("types", {}).items():
        if "context" in entry:
            words = _words("triggers.yaml", f"{key}.context", entry["context"])
            context[key] = PhraseMatcher([(w, w) for w in words])
        event_type = entry.get("event_type")
        sub = entry.get("sub_event_type", key if key != "territory" else "government_regains_territory")
        if event_type not in EVENT_TYPES or sub not in EVENT_TYPES[event_type]:
            raise LexiconError(f"triggers.yaml: {key}: unknown type {event_type}/{sub}")
        for phrase in _phrases("triggers.yaml", key, entry):
            kind = TriggerKind(key, event_type, sub, int(entry["priority"]), float(entry["strength"]), phrase)
            entries.append((phrase, kind))
    masker = PhraseMatcher([(m, m) for m in masks], suffixes=False)
    return PhraseMatcher(entries, suffixes=True), weak, waves, context, masker


def _roles() -> Roles:
    data = _load("roles.yaml")
    lists: dict[str, frozenset[str]] = {}
    for section in ("places", "actors", "sentences"):
        for name, words in (data.get(section) or {}).items():
            lists[name] = _words("roles.yaml", f"{section}.{name}", words)
    try:
        return Roles(**lists)
    except TypeError as err:
        raise LexiconError(f"roles.yaml: {err}") from err


def _actors() -> tuple[PhraseMatcher[ActorKind], dict[str, str]]:
    data = _load("actors.yaml")
    entries: list[tuple[str, ActorKind]] = []
    for label, entry in data.get("actors", {}).items():
        inter = entry.get("inter")
        if inter not in range(1, 9):
            raise LexiconError(f"actors.yaml: {label}: `inter` must be an ACLED actor type 1-8")
        entries.extend((p, ActorKind(label, inter)) for p in _phrases("actors.yaml", label, entry))
    generic = data.get("state_forces", {})
    entries.extend((p, ActorKind(None, 1)) for p in _phrases("actors.yaml", "state_forces", generic))
    by_country = generic.get("by_country", {})
    if not isinstance(by_country, dict):
        raise LexiconError("actors.yaml: state_forces.by_country must map ISO codes to labels")
    return PhraseMatcher(entries, suffixes=False), {str(k): str(v) for k, v in by_country.items()}


def _cues() -> PhraseMatcher[CueKind]:
    data = _load("cues.yaml")
    entries: list[tuple[str, CueKind]] = []
    for name, entry in data.get("cues", {}).items():
        scope = entry.get("scope")
        if scope not in ("sentence", "clause", "after"):
            raise LexiconError(f"cues.yaml: {name}: scope must be `sentence`, `clause` or `after`")
        kind = CueKind(name, scope, int(entry.get("window", 0)))
        entries.extend((p, kind) for p in _phrases("cues.yaml", name, entry))
    return PhraseMatcher(entries, suffixes=False)


@cache
def lexicons() -> Lexicons:
    """The lexicons, loaded and checked once per process."""
    actors, state_forces = _actors()
    triggers, weak, waves, context, masks = _triggers()
    return Lexicons(
        triggers=triggers,
        actors=actors,
        cues=_cues(),
        state_forces=state_forces,
        weak=weak,
        waves=waves,
        context=context,
        roles=_roles(),
        masks=masks,
    )


@cache
def is_weak(kind: TriggerKind) -> bool:
    return normalize_string(kind.phrase) in lexicons().weak
