"""The web dashboard's built static files (issue 5).

The sources live in `web/` at the repository root; `web/build.sh` (npm ci + `node build.mjs`) writes the page,
its modules, Leaflet, the Arabic web font and the country outlines into `static/` here, which the server
serves under `/static/` (and `static/index.html` at `/`). The built files are not committed: they come from
pinned npm packages at build time, never from a CDN at run time.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
INDEX_HTML = STATIC_DIR / "index.html"

# The Content-Security-Policy the page is written for: no inline script or style, no CDN, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'"
)


class DashboardNotBuilt(RuntimeError):
    """The static files are missing: the dashboard was never built in this checkout."""


def index_html() -> Path:
    """The page served at `/`; raises DashboardNotBuilt with the command to run when it is missing."""
    if not INDEX_HTML.is_file():
        raise DashboardNotBuilt(f"{INDEX_HTML} is missing: build the dashboard with `bash web/build.sh`")
    return INDEX_HTML
