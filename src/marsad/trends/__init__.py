"""Trends and alerts over canonical events: weekly counts per admin1 and an alert rule for small counts.

`weekly_counts` builds zero-filled ISO-week series; `compute_alerts` (or `evaluate` on ready counts) applies
the rule documented in `alerts.py` and `docs/alerts.md`; `post_new_alerts` sends new alerts to a webhook.
"""

from __future__ import annotations

from marsad.trends.alerts import LEVELS, Alert, AlertRule, compute_alerts, evaluate
from marsad.trends.notify import NotifierStateError, post_new_alerts
from marsad.trends.weekly import AreaKey, WeekCount, weekly_counts

__all__ = [
    "LEVELS",
    "Alert",
    "AlertRule",
    "AreaKey",
    "NotifierStateError",
    "WeekCount",
    "compute_alerts",
    "evaluate",
    "post_new_alerts",
    "weekly_counts",
]
