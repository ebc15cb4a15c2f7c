"""Store write speed: N synthetic articles, one report each (five evidence spans), saved in batches of 500.

Usage: python bench/store_speed.py [-n 20000] [--batch 500] [--postgres URL]

Writes to a fresh SQLite file in a temp dir, and to PostgreSQL when a URL is given (into a fresh schema,
dropped afterwards). Prints articles/s for `save_batch`, for a second pass over the same articles (all
unchanged: the resume path), and for `known_articles` lookups, as a JSON line per backend.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

from marsad.model import Article, Event, Evidence, Span
from marsad.records import Report, StoredArticle, content_hash
from marsad.store import open_store

TZ = timezone(timedelta(hours=3))
TEXT = "قتل ثلاثة أشخاص في انفجار سيارة مفخخة في كركوك اليوم الاثنين. " * 20


def batch(start: int, size: int) -> tuple[list[StoredArticle], list[Report]]:
    articles, reports = [], []
    for i in range(start, start + size):
        art = Article(
            f"bench-{i}", "src", f"https://x.example/{i}", datetime(2022, 4, 18, tzinfo=TZ), "", f"{i} {TEXT}"
        )
        s = Span(0, 61, TEXT[:61])
        ev = Event(
            f"ev-{i}",
            art.id,
            "explosions_remote_violence",
            "remote_explosive_landmine_ied",
            True,
            date(2022, 1, 1) + timedelta(days=i % 365),
            "day",
            "IQ",
            "IQ-KI",
            "كركوك",
            "Kirkuk",
            35.4,
            44.3,
            1,
            None,
            None,
            None,
            None,
            3,
            None,
            0.85,
            Evidence(
                s,
                Span(19, 37, TEXT[19:37]),
                Span(47, 60, TEXT[47:60]),
                Span(41, 46, TEXT[41:46]),
                fatalities=Span(0, 15, TEXT[:15]),
            ),
            "bench",
        )
        articles.append(StoredArticle(art, content_hash(art)))
        reports.append(Report(ev, art.id, art.source, art.url, art.published))
    return articles, reports


def measure(url: str, n: int, size: int) -> dict[str, object]:
    batches = [batch(i, min(size, n - i)) for i in range(0, n, size)]
    out: dict[str, object] = {"backend": url.split(":")[0] if "://" in url else "sqlite", "articles": n}
    with open_store(url) as store:
        run = store.start_run("bench", {})
        for label in ("save", "resave_unchanged"):
            started = time.perf_counter()
            for articles, reports in batches:
                store.save_batch(run, articles, reports)
            out[f"{label}_articles_per_s"] = round(n / (time.perf_counter() - started))
        started = time.perf_counter()
        for articles, _ in batches:
            store.known_articles(a.article.id for a in articles)
        out["known_articles_per_s"] = round(n / (time.perf_counter() - started))
        out["counts"] = store.counts()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--postgres", help="a postgresql:// URL to measure too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(str(Path(tmp) / "bench.db"), args.n, args.batch)))
    if args.postgres:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            sep = "&" if "?" in args.postgres else "?"
            url = f"{args.postgres}{sep}options={quote(f'-csearch_path={schema}')}"
            print(json.dumps(measure(url, args.n, args.batch)))
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
