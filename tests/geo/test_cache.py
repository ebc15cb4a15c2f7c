"""The gazetteer's disk cache: built once, loaded after, never trusted when unreadable."""

from pathlib import Path

import pytest

from marsad.geo import cache


def test_builds_once_then_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    calls = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"places": 3}

    assert cache.load_or_build(build) == {"places": 3}
    assert cache.load_or_build(build) == {"places": 3}
    assert len(calls) == 1
    assert len(list(tmp_path.glob("gazetteer-*.pickle"))) == 1


def test_corrupt_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    cache.load_or_build(lambda: [1])
    (path,) = tmp_path.glob("gazetteer-*.pickle")
    path.write_bytes(b"not a pickle")
    assert cache.load_or_build(lambda: [2]) == [2]


def test_off_never_touches_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.load_or_build(lambda: "built") == "built"
    assert not any(tmp_path.iterdir())


def test_unwritable_folder_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(blocker / "sub"))
    assert cache.load_or_build(lambda: 7) == 7
