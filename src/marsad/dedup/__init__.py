"""Deduplication (issue 4): near-duplicate articles (`near`) and cross-source canonical events (`events`)."""
