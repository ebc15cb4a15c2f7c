"""Each article's near-duplicate sketch (`article_sketches`, schema 4): what `dedup.near` needs to put a
stored article back into its index in a later run, without the article's text.

A sketch is written with its article, in `save_batch`'s transaction (a new or updated article's sketch
replaces the stored one; an updated article given without one loses the old version's, which would describe
the old text), so no crash separates the two. An article can still lack a sketch (stored before schema 4, or
by a caller that gave none) or have one of another scheme (the hashing changed since): `missing` lists those,
and `runner.sketches` computes them from the stored text. The store never computes a sketch: it keeps bytes
and names, and knows nothing of MinHash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from marsad.model import Article
from marsad.store.db import Db, read_ts
from marsad.store.rows import cols, insert_sql

#: The columns a sketch is written with (`seq` is given by the database on insert and kept on update).
COLUMNS = ("article_id", "published", "scheme", "exact_key", "signature")
_UPSERT = (
    insert_sql("article_sketches", COLUMNS)
    + " ON CONFLICT (article_id) DO UPDATE SET "
    + ", ".join(f'"{c}" = excluded."{c}"' for c in COLUMNS[1:])
)
_ARTICLE = ("id", "source", "url", "published", "published_offset", "title", "text")


@dataclass(frozen=True, slots=True)
class StoredSketch:
    """An article's sketch as the store keeps it: the scheme that made it (`dedup.minhash.scheme`), the exact
    key ('' when the text has no words) and the signature's bytes (None when it has no words)."""

    scheme: str
    key: str
    signature: bytes | None


#: (article id, published, exact key, signature bytes): one stored sketch, as `dedup.near` restores it.
SketchRow = tuple[str, datetime, str, bytes | None]


def _row(db: Db, article_id: str, published: datetime, sketch: StoredSketch) -> tuple[object, ...]:
    return (article_id, db.ts(published), sketch.scheme, sketch.key, sketch.signature)


def upsert(db: Db, sketches: Iterable[tuple[str, datetime, StoredSketch]]) -> None:
    """Write (article id, published, sketch) rows, replacing what the articles had. Call inside a
    transaction; the articles must be stored."""
    rows = [_row(db, aid, published, sk) for aid, published, sk in sketches]
    if rows:
        db.executemany(_UPSERT, rows)


def delete(db: Db, article_ids: Iterable[str]) -> None:
    db.execute_in("DELETE FROM article_sketches WHERE article_id IN (?*)", article_ids)


def load(db: Db, scheme: str, limit: int | None = None) -> list[SketchRow]:
    """The stored sketches of this scheme, the last `limit` stored (all when None), in the order they were
    first stored (`seq`): the order the articles entered the index of the run that stored them."""
    sql = "SELECT article_id, published, exact_key, signature FROM article_sketches WHERE scheme = ?"
    params: list[object] = [scheme]
    if limit is not None:
        sql += " ORDER BY seq DESC LIMIT ?"
        params.append(limit)
    else:
        sql += " ORDER BY seq"
    rows: list[SketchRow] = [
        (aid, read_ts(published), key, bytes(sig) if sig is not None else None)
        for aid, published, key, sig in db.query(sql, params)
    ]
    if limit is not None:
        rows.reverse()
    return rows


def missing(db: Db, scheme: str) -> list[str]:
    """Ids of stored articles without a sketch of this scheme, in the order they were stored as far as the
    articles tell (ingested, then published)."""
    rows = db.query(
        "SELECT a.id FROM articles a LEFT JOIN article_sketches s ON s.article_id = a.id"
        " WHERE s.article_id IS NULL OR s.scheme <> ? ORDER BY a.ingested_at, a.published",
        (scheme,),
    )
    return [row[0] for row in rows]


def articles(db: Db, ids: Iterable[str]) -> list[Article]:
    """The stored articles with these ids (those that are stored), as `Article`s in the order given."""
    order = {aid: i for i, aid in enumerate(dict.fromkeys(ids))}
    rows = db.query_in(f"SELECT {cols(_ARTICLE)} FROM articles WHERE id IN (?*)", order)
    rows.sort(key=lambda row: order[row[0]])
    return [
        Article(aid, source, url, read_ts(published, offset), title, text)
        for aid, source, url, published, offset, title, text in rows
    ]
