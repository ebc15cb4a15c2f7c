"""A plain text file (`.txt`) to an `Article`.

* Encoding: detected (`ingest.encoding`), so cp1256 and UTF-16 files read as well as UTF-8.
* Title: the first non-empty line, when it is shorter than `MAX_TITLE_CHARS` and a blank line follows it
  (the usual shape of a saved article); otherwise the file has no title and all of it is the text.
* Published: the caller's `default_published` (the `--published` option) when given, else the file's
  modification time in UTC. The option wins because a file's mtime is when it was saved or copied, which
  is at best close to the publication date; the mtime only keeps a folder of files usable without it.
* `id`: the SHA-1 of the resolved path (the same file has the same id whatever the working folder).
* Size: a file over `items.MAX_BYTES` (20 MB) is `ArticleError("too_large")`, read no further (so are
  HTML files, in `ingest.html`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from marsad.ingest.articles import ArticleError
from marsad.ingest.encoding import decode
from marsad.ingest.items import read_capped, sha1_id
from marsad.model import Article

MAX_TITLE_CHARS = 200


def split_title(text: str) -> tuple[str, str]:
    """`(title, body)`: see the module docstring for when the first line is a title."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return "", ""
    head = lines[first].strip()
    rest = lines[first + 1 :]
    if len(head) < MAX_TITLE_CHARS and rest and not rest[0].strip():
        return head, "\n".join(rest).strip()
    return "", "\n".join(lines[first:]).strip()


def read_textfile(
    path: str | Path, *, source: str = "", default_published: datetime | None = None
) -> Article:
    """The article in a text file; raises `ArticleError` (unreadable, too_large above `items.MAX_BYTES`,
    binary, bad_encoding, empty)."""
    p = Path(path)
    data = read_capped(p)
    try:
        mtime = p.stat().st_mtime
    except OSError as err:
        raise ArticleError("unreadable", f"cannot read {path}: {err.strerror or err}") from err
    title, body = split_title(decode(data))
    if not body:
        raise ArticleError("empty", "the file has no text" + (" after its title" if title else ""))
    published = default_published or datetime.fromtimestamp(mtime, tz=UTC)
    return Article(
        id=sha1_id(p.resolve().as_posix()),
        source=source,
        url="",
        published=published,
        title=title,
        text=body,
    )
