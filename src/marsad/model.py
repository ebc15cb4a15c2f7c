"""The records marsad reads and writes. Every record has one shape: all fields always present.

The canonical text of an article is `title + "\\n\\n" + text` when it has a title, else `text`. Every `Span`
in marsad indexes into that canonical text (character offsets, end exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

TITLE_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Span:
    """Characters [start, end) of the canonical text, and the text they hold."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Span:
        return cls(int(obj["start"]), int(obj["end"]), str(obj["text"]))


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. `published` is timezone-aware; its local date anchors every relative date."""

    id: str
    source: str
    url: str
    published: datetime
    title: str
    text: str

    @property
    def canonical(self) -> str:
        return self.title + TITLE_SEPARATOR + self.text if self.title else self.text

    @property
    def body_offset(self) -> int:
        """Where `text` starts inside the canonical text."""
        return len(self.title) + len(TITLE_SEPARATOR) if self.title else 0


@dataclass(frozen=True, slots=True)
class Mention:
    """Something found in the text: a trigger, place, actor, date or count, with its span and reading."""

    kind: str
    span: Span
    value: Any
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """The spans that support each field of an event; a field not read from the text has none."""

    sentence: Span
    trigger: Span
    date: Span | None = None
    place: Span | None = None
    actor1: Span | None = None
    actor2: Span | None = None
    fatalities: Span | None = None
    injured: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: (getattr(self, k).to_json() if getattr(self, k) else None) for k in self.__slots__}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Evidence:
        spans = {k: (Span.from_json(v) if v else None) for k, v in obj.items() if k in cls.__slots__}
        return cls(**spans)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Event:
    """One security event, as GUIDELINES §8 defines it, with its evidence and provenance."""

    id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    core: bool
    date: date
    date_precision: str
    country: str | None
    admin1: str | None
    location_ar: str | None
    location_en: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    actor1: str | None
    actor2: str | None
    actor1_type: int | None
    actor2_type: int | None
    fatalities: int | None
    injured: int | None
    confidence: float
    evidence: Evidence
    extractor_version: str
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "core": self.core,
            "date": self.date.isoformat(),
            "date_precision": self.date_precision,
            "country": self.country,
            "admin1": self.admin1,
            "location_ar": self.location_ar,
            "location_en": self.location_en,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geo_precision": self.geo_precision,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "actor1_type": self.actor1_type,
            "actor2_type": self.actor2_type,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.sentence.text,
            "evidence_spans": self.evidence.to_json(),
            "extractor_version": self.extractor_version,
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Event:
        """The inverse of `to_json` (the output schema's event object): `Event.from_json(e.to_json()) == e`
        but for `confidence`, which `to_json` rounds to three decimals."""
        return cls(
            id=obj["id"],
            doc_id=obj["doc_id"],
            event_type=obj["event_type"],
            sub_event_type=obj["sub_event_type"],
            core=bool(obj["core"]),
            date=date.fromisoformat(obj["date"]),
            date_precision=obj["date_precision"],
            country=obj["country"],
            admin1=obj["admin1"],
            location_ar=obj["location_ar"],
            location_en=obj["location_en"],
            latitude=obj["latitude"],
            longitude=obj["longitude"],
            geo_precision=int(obj["geo_precision"]),
            actor1=obj["actor1"],
            actor2=obj["actor2"],
            actor1_type=obj["actor1_type"],
            actor2_type=obj["actor2_type"],
            fatalities=obj["fatalities"],
            injured=obj["injured"],
            confidence=float(obj["confidence"]),
            evidence=Evidence.from_json(obj["evidence_spans"]),
            extractor_version=obj["extractor_version"],
            notes=tuple(obj.get("notes") or ()),
        )
