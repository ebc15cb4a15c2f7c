"""marsad: security events from Arabic news, with the Arabic evidence for every field.

`marsad.extract(text, published=...)` is the one-call entry point (see `marsad.api`). It is imported on
first use, so `import marsad` (and `marsad --version`) does not load the pipeline and its lexicons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract"]

if TYPE_CHECKING:
    from marsad.api import extract


def __getattr__(name: str) -> Any:
    if name == "extract":
        from marsad.api import extract

        return extract
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
