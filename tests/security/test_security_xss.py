"""Stored XSS in a real browser: the hostile articles (markup in the title, text and source name,
`javascript:` URLs, bidi overrides, a 5000-letter word), posted through the API, shown by the dashboard in
Debian's Chromium. Nothing runs (`window.__xss` stays undefined, no dialog opens, no element carries an event
handler), the markup shows as text, and no link points at `javascript:`.

Skips, with the reason, when Playwright, Chromium or the built dashboard (web/build.sh) is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from security_data import IMG, LONG_WORD, RLO, SCRIPT, SVG_SOURCE, Server

from marsad.web import INDEX_HTML

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "web" / "artifacts"

#: Every anchor whose href is a script URL, every element with an inline handler, every script not the page's.
PROBE = """() => ({
  xss: typeof window.__xss,
  scriptLinks: [...document.querySelectorAll('a[href]')]
      .map(a => a.getAttribute('href')).filter(h => /^\\s*javascript:/i.test(h)),
  badProtocols: [...document.querySelectorAll('a[href]')]
      .map(a => a.protocol).filter(p => !['http:', 'https:'].includes(p)),
  handlers: [...document.querySelectorAll('*')]
      .filter(el => [...el.attributes].some(a => a.name.startsWith('on')))
      .map(el => el.outerHTML.slice(0, 80)),
  foreignScripts: [...document.scripts].filter(s => !s.src || new URL(s.src).origin !== location.origin)
      .map(s => s.outerHTML.slice(0, 80)),
  injected: document.querySelectorAll('img[src="x"], svg[onload], #detail script, #article script').length,
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: run `bash .ci/chromium.sh`")
    if not INDEX_HTML.is_file():
        pytest.skip("the dashboard is not built: run `bash web/build.sh` (needs Node.js and npm)")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    page = context.new_page()
    page.dialogs = []

    def on_dialog(dialog: Any) -> None:
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: page.dialogs.append(f"page error: {e}"))
    yield page
    context.close()


def _hostile_events(server: Server) -> list[str]:
    with server.client() as c:
        ids = []
        for article_id in ("xss-1", "xss-2"):
            article = c.get(f"/articles/{article_id}").json()
            ids += [r["event_id"] for r in article["reports"] if r.get("event_id")]
    assert ids, "the hostile articles made no events: nothing to show"
    return list(dict.fromkeys(ids))


def _assert_clean(page: Any) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(PROBE)
    assert found["xss"] == "undefined", "a hostile script ran"
    assert page.dialogs == []
    assert found["scriptLinks"] == [] and found["badProtocols"] == []
    assert found["handlers"] == [] and found["foreignScripts"] == [] and found["injected"] == 0
    return found


def test_the_dashboard_is_served_with_its_policy(hostile: Server) -> None:
    if not INDEX_HTML.is_file():
        pytest.skip("the dashboard is not built")
    response = httpx.get(hostile.url + "/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_hostile_articles_show_as_text_and_run_nothing(page: Any, hostile: Server) -> None:
    events = _hostile_events(hostile)
    page.goto(hostile.url + "/")
    page.wait_for_selector("body[data-state=ready]", timeout=30_000)
    _assert_clean(page)
    seen = ""
    for event_id in events:
        page.click(f"#events-table tr[data-event-id='{event_id}']")
        page.wait_for_selector("#detail[data-state=ready]", timeout=20_000)
        for i in range(page.locator("#detail button[data-source-index]").count()):
            page.click(f"#detail button[data-source-index='{i}']")
            page.wait_for_selector("#article .article-text", timeout=20_000)
            page.wait_for_timeout(200)  # an onerror/onload would have fired by now
            _assert_clean(page)
            seen += page.locator("#detail").text_content() or ""
            seen += page.locator("#article").text_content() or ""
            # A source whose url is a script URL is plain text, not a link.
            for href in page.locator("#detail ol.sources a").evaluate_all("as => as.map(a => a.href)"):
                assert href.startswith(("http:", "https:")), href
        page.keyboard.press("Escape")  # close the detail before opening the next event
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "security-hostile-detail.png"), full_page=True)
    for text in (SCRIPT, IMG, SVG_SOURCE, RLO):
        assert text in seen, f"{text!r} is not shown as text"
    assert LONG_WORD[:100] in seen
    assert "window.__xss=1" in page.locator("#detail ol.sources").text_content()  # the source names
    # The 5000-letter word wraps inside the page instead of widening it.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow} px wider than the window"


def test_hostile_values_in_the_page_url_run_nothing(page: Any, hostile: Server) -> None:
    for query in (
        "?event=%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D1%22%3E",
        "?event=javascript:window.__xss=1&lang=%3Cscript%3Ewindow.__xss=1%3C/script%3E",
        "?country=%22%3E%3Csvg%20onload%3Dwindow.__xss%3D1%3E&q=%3Cscript%3Ewindow.__xss=1%3C/script%3E",
        "#%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E",
    ):
        page.goto(hostile.url + "/" + query)
        page.wait_for_selector("body[data-state]", timeout=30_000)
        page.wait_for_timeout(300)
        _assert_clean(page)
