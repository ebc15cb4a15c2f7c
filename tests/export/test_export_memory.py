"""The writers stream: they never hold more than one event (Parquet: one row group) at a time.

Live events are counted with a dict subclass whose instances report their creation and destruction, which
checks the bound directly and stays fast; a tracemalloc peak checks the bytes on a smaller run.
`bench/export_memory.py` runs a million events through the CSV and JSONL writers and reports RSS growth.
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from export_helpers import NullText, synthetic_events

from marsad.export import write_acled_csv, write_geojson, write_jsonl


class Tracked(dict[str, Any]):
    live = 0
    peak = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        Tracked.live += 1
        Tracked.peak = max(Tracked.peak, Tracked.live)

    def __del__(self) -> None:
        Tracked.live -= 1


def tracked(n: int) -> Iterator[Tracked]:
    Tracked.live = Tracked.peak = 0
    for event in synthetic_events(n):
        yield Tracked(event)


@pytest.mark.parametrize("writer", [write_acled_csv, write_jsonl, write_geojson])
def test_text_writers_hold_one_event_at_a_time(writer: Callable[..., int]) -> None:
    n = 100_000 if writer is write_jsonl else 20_000
    assert writer(tracked(n), NullText()) > 0
    assert Tracked.peak <= 2


def test_parquet_holds_one_row_group() -> None:
    pytest.importorskip("pyarrow")
    from marsad.export import write_parquet

    assert write_parquet(tracked(5_000), io.BytesIO(), row_group_size=1_000) == 5_000
    assert Tracked.peak <= 1_001


@pytest.mark.parametrize("writer", [write_acled_csv, write_jsonl])
def test_traced_peak_does_not_grow_with_the_input(writer: Callable[..., int]) -> None:
    writer(synthetic_events(50), NullText())  # warm the label tables and caches
    peaks = []
    for n in (1_000, 4_000):
        tracemalloc.start()
        writer(synthetic_events(n), NullText())
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # 4,000 events held at once would take several MB; streaming stays far below and does not grow.
    assert peaks[1] < 512 * 1024
    assert peaks[1] < peaks[0] * 1.5 + 16 * 1024
