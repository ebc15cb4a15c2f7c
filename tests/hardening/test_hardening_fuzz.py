"""Property tests over random input (see hardening_fuzz for what each target checks); bench/fuzz.py runs the
same properties with many more examples."""

from __future__ import annotations

from typing import Any

import pytest
from hardening_fuzz import TARGETS, Target
from hypothesis import HealthCheck, given, settings

EXAMPLES = 200


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_no_exception_escapes_but_the_documented_ones(target: Target) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(target.strategy)
    def prop(value: Any) -> None:
        target.check(value)

    prop()
