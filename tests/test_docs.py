"""Every command and every setting is documented in the README (a datasette habit: docs that cannot lag)."""

from __future__ import annotations

import re
from pathlib import Path

from marsad.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = sorted(sub.choices)  # type: ignore[arg-type]
    assert {"extract", "ingest", "serve", "demo", "export", "alerts", "spark", "load", "watch"} <= set(
        commands
    )
    missing = [c for c in commands if f"marsad {c}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_environment_variable_read_by_marsad_is_in_the_settings_table() -> None:
    used = set()
    for path in (ROOT / "src" / "marsad").rglob("*.py"):
        used |= set(re.findall(r'"(MARSAD_[A-Z_]+)"', path.read_text(encoding="utf-8")))
    assert "MARSAD_DB" in used
    table = README[README.index("### Settings") :]
    missing = sorted(v for v in used if f"`{v}`" not in table)
    assert not missing, f"settings missing from README.md: {missing}"
