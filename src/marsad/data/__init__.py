"""marsad's language data: YAML lexicons under lexicon/, place lists under geo/.

`load_lexicon_yaml` is the one reader of the lexicon files: each stage checks the shape of its own file and
raises its own error class, so a malformed entry is reported by the stage that understands it.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def load_lexicon_yaml(name: str, error: type[Exception]) -> dict[str, Any]:
    """The mapping in data/lexicon/NAME; raises `error` naming the file if it is not a YAML mapping."""
    text = resources.files("marsad").joinpath("data", "lexicon", name).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise error(f"{name}: not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise error(f"{name}: the top level must be a mapping")
    return data
