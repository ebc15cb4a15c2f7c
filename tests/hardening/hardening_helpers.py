"""Helpers for the hardening tests: a generated corpus of short Arabic news articles, and store checks."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from marsad.store import Store

#: (province as written in Arabic, a town in it)
PLACES = (
    ("كركوك", "الحويجة"),
    ("نينوى", "تلعفر"),
    ("ديالى", "بعقوبة"),
    ("الأنبار", "الرمادي"),
    ("صلاح الدين", "سامراء"),
    ("بغداد", "الطارمية"),
    ("إدلب", "معرة النعمان"),
    ("حلب", "الباب"),
    ("دير الزور", "الميادين"),
    ("درعا", "نوى"),
)
NUMBERS = ("ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية")
DAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

TEMPLATES = (
    "قتل {n} أشخاص وأصيب آخرون في انفجار سيارة مفخخة في {town} بمحافظة {prov} يوم {day}، "
    "بحسب ما أفاد مصدر أمني.",
    "اندلعت اشتباكات عنيفة بين القوات الحكومية ومسلحين في {town} بمحافظة {prov} يوم {day}، "
    "ما أدى إلى مقتل {n} مسلحين.",
    "شنت طائرات حربية غارات جوية على مواقع في {town} بمحافظة {prov} يوم {day}، ما أدى إلى مقتل {n} مدنيين.",
    "انفجرت عبوة ناسفة على طريق قرب {town} في محافظة {prov} يوم {day}، ما أسفر عن إصابة {n} جنود.",
)
NON_EVENTS = (
    "افتتح وزير الثقافة معرضا للكتاب في {town} بمشاركة واسعة من دور النشر العربية يوم {day}.",
    "أعلنت وزارة الزراعة في محافظة {prov} عن موسم حصاد وفير للقمح هذا العام بعد أمطار غزيرة.",
    "فاز فريق {town} لكرة القدم على منافسه بهدفين مقابل هدف في مباراة أقيمت يوم {day}.",
)


@dataclass(frozen=True)
class Corpus:
    path: Path
    ids: list[str]
    bad_lines: int  # lines that are failures (invalid JSON, not Arabic)


def write_corpus(path: Path, n: int = 600, seed: int = 6) -> Corpus:
    """`n` JSONL lines: mostly events from TEMPLATES, some non-events, an English article and a broken
    line every so often (failures, so that the failure path is crash-tested too)."""
    rng = random.Random(seed)
    lines: list[str] = []
    ids: list[str] = []
    bad = 0
    start = date(2022, 3, 1)
    for i in range(n):
        if i % 97 == 50:
            lines.append(f'{{"id": "broken-{i}", "text": ')  # invalid JSON
            bad += 1
            continue
        prov, town = rng.choice(PLACES)
        day = start + timedelta(days=rng.randrange(60))
        if i % 101 == 70:
            text = f"This article is written in English and the language check must skip it, number {i}."
            bad += 1
        else:
            template = rng.choice(NON_EVENTS) if rng.random() < 0.15 else rng.choice(TEMPLATES)
            text = template.format(n=rng.choice(NUMBERS), town=town, prov=prov, day=DAYS[day.weekday()])
        doc_id = f"art-{i:04d}"
        record = {
            "id": doc_id,
            "source": rng.choice(("outlet-a", "outlet-b", "outlet-c")),
            "url": f"https://news.example/{doc_id}",
            "published": day.isoformat(),
            "title": "",
            "text": text,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
        if not text.startswith("This article"):
            ids.append(doc_id)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Corpus(path, ids, bad)


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.db.query(sql)]
