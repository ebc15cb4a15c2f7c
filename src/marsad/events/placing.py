"""Where an event happened: the role each place plays in its sentence, and which places an event takes.

A place governed by في or ب, a type word or a direction is where the event happened; one after قرب is a
landmark, used only when nothing says where; one after من or إلى is where something came from or went to,
never the event's place. An inner place takes the event from its container ("حي الشعلة ببغداد").
"""

from __future__ import annotations

from marsad.events.analysis import Analysis, Sentence
from marsad.events.lexicons import lexicons
from marsad.geo.places import Place, PlaceMention
from marsad.geo.user import active_gazetteer
from marsad.text.normalize import normalize_string

SMALL_KINDS = frozenset({"city", "town", "neighbourhood", "facility"})


def prev_words(a: Analysis, pos: int) -> tuple[list[str], str]:
    """The (normalized) words before `pos`, nearest last, and the letters glued to the front of the name."""
    window = a.text[max(0, pos - 40) : pos]
    glued = ""
    while window and window[-1].isalpha():
        glued = window[-1] + glued
        window = window[:-1]
    return normalize_string(window).replace("،", " ").split(), normalize_string(glued)


def prev_word(a: Analysis, pos: int) -> tuple[str, str]:
    words, glued = prev_words(a, pos)
    return (words[-1] if words else ""), glued


def _role(a: Analysis, p: PlaceMention, previous: str | None) -> str:
    """How a place stands in its sentence: `loc` (where it happened), `ref` (a landmark), `src`, `other`."""
    R = lexicons().roles
    words, glued = prev_words(a, p.start)
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
    if inner.place.source == "context" and (
        outer.place in inner.candidates or outer.place.kind != "facility"
    ):
        return True  # "جبل مرثد ... بين مأرب": a name the gazetteer lacks, placed in its anchor's province
    if (
        outer.place.kind == "admin2"
        and inner.place.admin2 == outer.place.id
        and inner.place.id != outer.place.id
    ):
        return True  # "بلدة الشورة في قضاء الموصل": a town of the district
    if outer.place.kind in ("admin1", "region"):
        return inner.place.kind in SMALL_KINDS
    if outer.place.kind == "city" and inner.place.kind in ("neighbourhood", "facility"):
        return True
    return (
        outer.type_word in lexicons().roles.containers and inner.type_word not in lexicons().roles.containers
    )


def sentence_places(a: Analysis, sent: Sentence) -> list[PlaceMention]:
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


def main_place(a: Analysis) -> Place | None:
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


def same_site(a: Place, b: Place) -> bool:
    """One place, or a name the gazetteer lacks and the anchor it was placed at (أكاديمية الشرطة، كابول)."""
    if a.id == b.id:
        return True
    anchored, anchor = (a, b) if a.source == "context" else (b, a)
    return (
        anchored.source == "context"
        and anchor.source != "context"
        and anchored.country == anchor.country
        and (anchored.latitude, anchored.longitude) == (anchor.latitude, anchor.longitude)
    )


def contains(outer: Place | None, inner: Place | None) -> bool:
    if outer is None or inner is None:
        return outer is None
    if same_site(outer, inner):
        return True
    if outer.kind == "country":
        return inner.country == outer.country
    if outer.kind in ("admin1", "region") and outer.admin1:
        return inner.admin1 == outer.admin1
    # A city holds its neighbourhoods and facilities (Baghdad and its Shula district).
    if outer.kind == "city" and inner.kind in ("neighbourhood", "facility") and outer.admin1:
        return inner.admin1 == outer.admin1
    return False
