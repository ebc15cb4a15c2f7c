"""Runs: the loops that move articles through extraction, deduplication and the store (see ingest.py)."""
