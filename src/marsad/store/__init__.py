"""The store (issue 4): articles, their extracted reports with evidence spans, canonical events with their
source links and audit trail, runs and failures — in SQLite by default (one file, WAL) or PostgreSQL.

    with open_store("marsad.db") as store:              # or "postgresql://user@host/db"
        run = store.start_run("ingest", {"workers": 4})
        result = store.save_batch(run, stored_articles, reports)   # one transaction, idempotent
        store.save_events(clusterer.changed())                     # one transaction
        rows, cursor = store.query_events(EventFilter(country="IQ"), limit=50)

Modules: `db` (the two dialects), `migrate` (versioned schema, SQL files under `migrations/<dialect>/`),
`rows` (records ↔ rows), `writes`, `reads`, `query` (API filters and keyset pagination), `sketches` (each
article's near-duplicate sketch, for `dedup.near` across runs), `store` (the facade).
"""

from marsad.store.db import StoreError
from marsad.store.query import EventFilter
from marsad.store.sketches import StoredSketch
from marsad.store.store import Store, open_store
from marsad.store.writes import BatchResult

__all__ = ["BatchResult", "EventFilter", "Store", "StoreError", "StoredSketch", "open_store"]
