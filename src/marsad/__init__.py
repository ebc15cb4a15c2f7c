"""marsad: security events from Arabic news, with the Arabic evidence for every field.

`marsad.extract(text, published=...)` is the one-call entry point (see `marsad.api`).

The name collides with the `marsad.extract` subpackage (numbers, casualties, dates). Importing a submodule
makes Python set it as an attribute of its parent package, which would replace the function as soon as the
pipeline is imported. The package's module class therefore keeps `extract` as a property: it always reads
as the function, and the import system's assignment of the subpackage is kept aside. `from marsad.extract.x
import y` and `import marsad.extract.x` are unaffected (they go through sys.modules); the one form that
breaks is `import marsad.extract.x as y`, so use `from marsad.extract import x` instead.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract"]

if TYPE_CHECKING:
    from marsad.api import extract


class _Package(types.ModuleType):
    @property
    def extract(self) -> Callable[..., Any]:
        # Imported on first use so that `import marsad.model` (and `marsad --version`) does not load the
        # extraction pipeline and its lexicons, and no subpackage imports a half-initialised package.
        from marsad.api import extract

        return extract

    @extract.setter
    def extract(self, submodule: types.ModuleType) -> None:
        self.__dict__["_extract_subpackage"] = submodule


sys.modules[__name__].__class__ = _Package
