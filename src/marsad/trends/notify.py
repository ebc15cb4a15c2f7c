"""An optional webhook: POST each new alert once, as JSON, remembering what was sent in a small JSON file.

An alert is "new" when its `key` (area, ISO week, level) is not in the state file, so an area is posted
once per week and again only if its level changes (elevated, then high). Only alerts at `min_level` or
above are posted. The state file, `{"posted": [key, ...]}`, is rewritten atomically after every successful
post, so an interrupted run never forgets a sent alert. Network and HTTP errors (including non-2xx
answers) are logged and returned, never raised; a state file that is not valid JSON raises
`NotifierStateError` before anything is sent.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import httpx

from marsad.trends.alerts import LEVELS, Alert

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class NotifierStateError(ValueError):
    """The state file of sent alerts is unreadable."""


def load_posted(state_path: Path) -> set[str]:
    if not state_path.exists():
        return set()
    try:
        data = json.loads(state_path.read_text(encoding="utf-8"))
        posted = data["posted"]
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise NotifierStateError(f"{state_path}: not a notifier state file ({err})") from err
    if not isinstance(posted, list):
        raise NotifierStateError(f"{state_path}: 'posted' must be a list of alert keys")
    return {str(key) for key in posted}


def save_posted(state_path: Path, posted: set[str]) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=state_path.parent, prefix=state_path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"posted": sorted(posted)}, fh, ensure_ascii=False, indent=0)
        os.replace(tmp, state_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def post_new_alerts(
    alerts: Iterable[Alert],
    url: str,
    state_path: str | Path,
    client: httpx.Client | None = None,
    *,
    min_level: str = "elevated",
) -> list[Alert]:
    """POST every alert at `min_level` or above not posted before; returns the alerts that failed.

    `client` (e.g. one with authentication headers) is used as given; without it a client with a 10 s
    timeout is made and closed here.
    """
    if min_level not in LEVELS:
        raise ValueError(f"min_level must be one of {LEVELS}, got {min_level!r}")
    path = Path(state_path)
    posted = load_posted(path)
    threshold = LEVELS.index(min_level)
    pending = [a for a in alerts if LEVELS.index(a.level) >= threshold and a.key not in posted]
    if not pending:
        return []
    own = client is None
    http = client if client is not None else httpx.Client(timeout=DEFAULT_TIMEOUT)
    failed: list[Alert] = []
    try:
        for alert in pending:
            try:
                http.post(url, json=alert.to_json()).raise_for_status()
            except httpx.HTTPError as err:
                log.warning("alert %s not posted to %s: %s", alert.key, url, err)
                failed.append(alert)
                continue
            posted.add(alert.key)
            save_posted(path, posted)
    finally:
        if own:
            http.close()
    return failed
