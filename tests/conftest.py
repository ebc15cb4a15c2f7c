"""Shared fixtures. Data under ../shared (corpus, gold) is read in place, never copied into the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    """Where the shared (read-only, not redistributable) data lives: $MARSAD_SHARED or ../shared."""
    return Path(os.environ.get("MARSAD_SHARED") or REPO / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_path()
    if not (path / "eval").is_dir():
        pytest.skip(f"shared data not found at {path} (set MARSAD_SHARED)")
    return path
