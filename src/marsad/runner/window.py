"""Which stored canonical events the clusterer must hold before it sees a batch of reports.

Reports are clustered against the events of nearby dates. A run keeps in memory the events whose date lies
in one growing interval of dates; before a batch is clustered, the interval is widened to cover the batch's
dates plus the clusterer's window, and only the newly covered dates are read from the store. Events the run
creates always fall inside the interval (it is widened first), so nothing is read twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from marsad.dedup.events import EventClusterer
from marsad.store import Store


class WindowLoader:
    def __init__(self, store: Store, clusterer: EventClusterer, margin_days: int | None = None) -> None:
        self.store = store
        self.clusterer = clusterer
        self.margin = timedelta(days=margin_days if margin_days is not None else clusterer.window_days)
        self.loaded: tuple[date, date] | None = None

    def ensure(self, first: date, last: date) -> None:
        """Load the stored events dated in [first - margin, last + margin] not loaded yet."""
        lo, hi = first - self.margin, last + self.margin
        if self.loaded is None:
            ranges = [(lo, hi)]
        else:
            have_lo, have_hi = self.loaded
            ranges = []
            if lo < have_lo:
                ranges.append((lo, have_lo - timedelta(days=1)))
            if hi > have_hi:
                ranges.append((have_hi + timedelta(days=1), hi))
            lo, hi = min(lo, have_lo), max(hi, have_hi)
        for start, end in ranges:
            events = self.store.events_in_window(start, end)
            if events:
                self.clusterer.load(events)
        self.loaded = (lo, hi)
