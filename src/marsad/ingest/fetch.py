"""Polite HTTP GETs for the feed reader: timeouts, a total deadline, few redirects, a rate limit per host.

* Timeouts: `connect` and `read` (between two chunks) are httpx's; httpx has no limit on a whole response,
  so the body is streamed and abandoned at `deadline` seconds after the request began (a server trickling
  bytes would otherwise hold the reader forever). Bodies are capped at `MAX_BYTES`.
* Redirects: followed, at most `max_redirects` (a loop ends there).
* Rate limit: at least `min_interval` seconds between two requests to the same host, the reader waiting
  (sleeping) as needed; different hosts do not wait for each other.
* The User-Agent names marsad and its version, so that a site can tell who is reading it.

Every failure is a `FetchError` with a message fit for a report; the caller turns it into an ArticleError.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from marsad import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"marsad/{__version__} (Arabic news event extraction; python-httpx)"
MAX_BYTES = 20_000_000


class FetchError(Exception):
    """A GET that gave no usable response: network error, timeout, too many redirects, HTTP error."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response: final URL, status (200 or 304), headers that matter, body."""

    url: str
    status: int
    content_type: str
    etag: str | None
    last_modified: str | None
    body: bytes


class Fetcher:
    """One HTTP client for a run; use as a context manager (it closes its connections)."""

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        deadline: float = 60.0,
        max_redirects: int = 5,
        min_interval: float = 1.0,
    ) -> None:
        timeout = httpx.Timeout(
            connect=connect_timeout, read=read_timeout, write=read_timeout, pool=read_timeout
        )
        self.client = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": USER_AGENT},
        )
        self.deadline = deadline
        self.min_interval = min_interval
        self._last: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        last = self._last.get(host)
        if last is not None:
            wait = self.min_interval - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
        self._last[host] = time.monotonic()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally when `etag` / `last_modified` are given (a 304 has an empty body)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self._wait_turn(url)
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                if resp.status_code == 304:
                    return Fetched(str(resp.url), 304, "", etag, last_modified, b"")
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} from {url}")
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if time.monotonic() - started > self.deadline:
                        raise FetchError(f"{url}: no complete response within {self.deadline:g} s")
                    if size > MAX_BYTES:
                        raise FetchError(f"{url}: larger than {MAX_BYTES} bytes")
                return Fetched(
                    str(resp.url),
                    resp.status_code,
                    resp.headers.get("Content-Type", ""),
                    resp.headers.get("ETag"),
                    resp.headers.get("Last-Modified"),
                    b"".join(chunks),
                )
        except httpx.TooManyRedirects as err:
            raise FetchError(f"{url}: more than {self.client.max_redirects} redirects (a loop?)") from err
        except httpx.TimeoutException as err:
            raise FetchError(f"{url}: timed out ({type(err).__name__})") from err
        except (httpx.HTTPError, httpx.InvalidURL) as err:  # refused, DNS, protocol errors, bad URLs
            raise FetchError(f"{url}: {type(err).__name__}: {err}") from err
