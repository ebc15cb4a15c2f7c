"""The dashboard page as the browser tests drive it (shared by conftest and the tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@dataclass
class Dashboard:
    """A fresh browser page on the dashboard, and what went wrong on it (console errors, page errors,
    failed requests, CSP violations are console errors too)."""

    page: Any
    url: str
    problems: list[str] = field(default_factory=list)

    def open(self, query: str = "") -> None:
        self.page.goto(self.url + query)
        self.page.wait_for_selector("body[data-state=ready]", timeout=20_000)

    def rows(self) -> Any:
        return self.page.locator("#events-table tbody tr[data-event-id]")

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
