"""marsad: security events from Arabic news, with the Arabic evidence for every field.

`marsad.extract(text, published=...)` is the one-call entry point (see `marsad.api`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract"]

if TYPE_CHECKING:
    from marsad.api import extract


def __getattr__(name: str) -> Any:
    # Imported on first use so that `import marsad.model` (and `marsad --version`) does not load the
    # extraction pipeline and its lexicons, and so subpackages never import a half-initialised package.
    if name == "extract":
        from marsad.api import extract

        return extract
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
