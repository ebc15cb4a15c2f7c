"""A small store for the API tests: real events extracted from short Arabic articles (with one event told
by two outlets), and synthetic events spread over countries, provinces, types and dates for the filters and
pagination. Canonical events are built here, one per report, so the read tests do not depend on dedup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from marsad.model import Article
from marsad.pipeline import extract_article
from marsad.records import CanonicalEvent, Report, SourceLink, StoredArticle, content_hash
from marsad.store import open_store

#: The write token of the read-write test server.
TOKEN = "test-token-5f2c9a"


@dataclass
class Server:
    """A running `marsad serve` process: its base URL, store and the data it was built from."""

    url: str
    db: str
    data: dict[str, Any]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30.0)


#: (id, source, published, title, text)
ARTICLES = [
    ("a1", "ina", "2023-03-05T08:00:00+03:00", "مقتل ثلاثة مدنيين بانفجار عبوة ناسفة في بعقوبة",
     "قتل ثلاثة مدنيين وأصيب خمسة آخرون بانفجار عبوة ناسفة استهدفت سوقا شعبيا في مدينة بعقوبة بمحافظة ديالى"
     " صباح اليوم، بحسب مصدر أمني."),
    ("a2", "sana", "2023-03-06T10:00:00+03:00", "قصف مدفعي على ريف إدلب",
     "قصفت قوات النظام السوري بالمدفعية الثقيلة بلدة سرمين في ريف إدلب الشرقي أمس، ما أسفر عن مقتل طفلين."),
    ("a3", "aljazeera", "2023-03-07T12:00:00+03:00", "تظاهرة في عدن",
     "خرج مئات المتظاهرين في مدينة عدن اليوم الثلاثاء احتجاجا على انقطاع الكهرباء وتردي الخدمات."),
    ("a4", "libya", "2023-03-08T09:00:00+02:00", "",
     "اندلعت اشتباكات مسلحة بين مجموعتين مسلحتين في العاصمة الليبية طرابلس الليلة الماضية"
     " أسفرت عن مقتل شخصين."),
]  # fmt: skip
#: A second outlet telling a1's story: merged into a1's event.
COPY = ("a1b", "shafaq", "2023-03-05T11:00:00+03:00", "انفجار في بعقوبة",
        "أفادت مصادر أمنية بمقتل ثلاثة مدنيين بانفجار عبوة ناسفة في سوق شعبي"
        " بمدينة بعقوبة في ديالى.")  # fmt: skip

PLACES = {  # admin1 → (country, name_ar, name_en, lat, lon)
    "IQ-BG": ("IQ", "بغداد", "Baghdad", 33.31, 44.36),
    "IQ-NI": ("IQ", "الموصل", "Mosul", 36.34, 43.13),
    "SY-HL": ("SY", "حلب", "Aleppo", 36.20, 37.16),
    "SY-DR": ("SY", "درعا", "Daraa", 32.62, 36.10),
    "YE-TA": ("YE", "تعز", "Taiz", 13.58, 44.02),
    "LY-BA": ("LY", "بنغازي", "Benghazi", 32.12, 20.09),
}
TYPES = [
    ("battles", "armed_clash"),
    ("explosions_remote_violence", "air_drone_strike"),
    ("violence_against_civilians", "attack"),
    ("protests", "peaceful_protest"),
]
ACTORS = ["Islamic State", "Unidentified Armed Group", "Military Forces of Iraq", None]
N_SYNTHETIC = 240


def article(row: tuple[str, str, str, str, str]) -> Article:
    aid, source, published, title, text = row
    return Article(
        aid, source, f"https://{source}.example/news/{aid}", datetime.fromisoformat(published), title, text
    )


def _fields(report: Report) -> dict[str, Any]:
    skip = {"id", "doc_id", "evidence_spans", "extractor_version", "notes"}
    fields = {k: v for k, v in report.event.to_json().items() if k not in skip}
    fields["n_sources"] = 1
    return fields


def _link(report: Report, reason: str = "new", score: float = 1.0) -> SourceLink:
    return SourceLink(report.id, report.article_id, report.source, report.published, reason, score, True)


def synthetic(i: int) -> CanonicalEvent:
    admin1 = list(PLACES)[i % len(PLACES)]
    country, name_ar, name_en, lat, lon = PLACES[admin1]
    etype, sub = TYPES[i % len(TYPES)]
    fields = {
        "event_type": etype, "sub_event_type": sub, "core": True,
        "date": (date(2023, 1, 1) + timedelta(days=(i * 7) % 150)).isoformat(), "date_precision": "day",
        "country": country, "admin1": admin1, "location_ar": name_ar, "location_en": name_en,
        "latitude": lat + (i % 5) * 0.01, "longitude": lon + (i % 3) * 0.01, "geo_precision": 1,
        "actor1": ACTORS[i % len(ACTORS)], "actor2": "Civilians" if i % 2 else None,
        "actor1_type": 2, "actor2_type": 7 if i % 2 else None,
        "fatalities": i % 9, "injured": i % 4, "confidence": 0.8,
        "evidence": f"وقع حادث رقم {i} في {name_ar}", "n_sources": 1 + i % 3,
    }  # fmt: skip
    return CanonicalEvent(f"syn-{i:03d}", fields, [], [f"2023-06-01: new synthetic event {i}"])


def build_store(path: str) -> dict[str, Any]:
    """Fill the store at `path`; returns what the tests check against (`real`: canonical id → article)."""
    arts = [article(row) for row in ARTICLES]
    copy = article(COPY)
    reports = {
        a.id: [Report(ev, a.id, a.source, a.url, a.published) for ev in extract_article(a)]
        for a in [*arts, copy]
    }
    events: list[CanonicalEvent] = []
    real: dict[str, str] = {}
    for a in arts:
        for report in reports[a.id]:
            ev = CanonicalEvent(f"ev-{report.id}", _fields(report), [_link(report)], ["opened"])
            real[ev.id] = a.id
            events.append(ev)
    first = events[0]  # a1's event: the copy joins it
    first.links.append(_link(reports[copy.id][0], "same place and day", 0.9))
    first.fields["n_sources"] = 2
    events.extend(synthetic(i) for i in range(N_SYNTHETIC))
    with open_store(path) as store:
        stored = [StoredArticle(a, content_hash(a)) for a in [*arts, copy]]
        store.save_batch(None, stored, [r for rs in reports.values() for r in rs])
        store.save_events(events)
    return {"real": real, "merged": first.id, "copy": copy.id, "total": len(events)}
