"""Hostile articles for the security tests: real Arabic security news (so extraction makes events of them)
whose title, text, source and url carry markup, script URLs, bidi overrides and very long words."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from server_process import run_server

#: The write token of the hostile server.
TOKEN = "security-token-7d41e0"

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
SVG_SOURCE = '"><svg onload="window.__xss=1">'
JS_URL = "javascript:window.__xss=1"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
LONG_WORD = "ا" * 5000

#: Every article reports the same kind of event (an IED in Baquba), so each yields at least one event.
SENTENCE = (
    "قتل ثلاثة مدنيين وأصيب خمسة آخرون بانفجار عبوة ناسفة استهدفت سوقا شعبيا في مدينة بعقوبة بمحافظة ديالى"
    " صباح اليوم، بحسب مصدر أمني."
)
HOSTILE = [
    {
        "id": "xss-1",
        "source": SVG_SOURCE,
        "url": JS_URL,
        "published": "2023-03-05T08:00:00+03:00",
        "title": f"انفجار في بعقوبة {SCRIPT}",
        "text": f"{SENTENCE} {IMG} {RLO}gnp.exe{RLO} {LONG_WORD}",
    },
    {
        "id": "xss-2",
        "source": f"{SCRIPT}{RLO}",
        "url": "JaVaScRiPt:window.__xss=1//https://example.org/",
        "published": "2023-03-06T08:00:00+03:00",
        "title": f"{IMG} هجوم في الموصل",
        "text": "قتل أربعة أشخاص بهجوم مسلح نفذه مسلحون مجهولون على نقطة تفتيش في مدينة الموصل بمحافظة نينوى"
        f" اليوم. {SCRIPT}",
    },
]


@dataclass
class Server:
    """A running `marsad serve` process."""

    url: str
    db: str
    token: str | None

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30.0)


def serve(db: str, token: str | None, log: Path, *extra: str) -> Iterator[Server]:
    """Run `python -m marsad.server.cli` over `db` until the generator is closed."""
    for url in run_server(db, token, log, *extra):
        yield Server(url, db, token)
