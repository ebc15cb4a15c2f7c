"""Tail probabilities against closed forms and, when scipy is installed, against scipy.stats."""

from __future__ import annotations

import math

import pytest

from marsad.trends.stats import binom_sf, negbin_sf


def test_negbin_closed_forms() -> None:
    assert negbin_sf(0, 2.0, 1.0) == 1.0
    assert negbin_sf(1, 0.4, 12.0) == pytest.approx(1 - (12 / 13) ** 0.4)
    # shape 1 is geometric: P(X >= x) = (1 - p)^x with p = rate / (rate + 1).
    assert negbin_sf(5, 1.0, 3.0) == pytest.approx(0.25**5)
    assert negbin_sf(3, 0.0, 1.0) == 0.0


def test_negbin_tail_stays_accurate_far_out() -> None:
    assert negbin_sf(60, 1.0, 3.0) == pytest.approx(0.25**60, rel=1e-9)


def test_binom_closed_forms() -> None:
    assert binom_sf(2, 3, 0.5) == pytest.approx(0.5)
    assert binom_sf(0, 0, 0.3) == 1.0
    assert binom_sf(1, 0, 0.3) == 0.0
    assert binom_sf(10, 10, 1 / 3) == pytest.approx((1 / 3) ** 10)


NEGBIN_CASES = [
    (9, 12.0, 12.0),
    (3, 4.5, 12.0),
    (40, 60.0, 12.0),
    (2, 0.4, 12.0),
    (200, 3.0, 0.1),
    (1, 30.0, 2.0),
]


@pytest.mark.parametrize(("x", "shape", "rate"), NEGBIN_CASES)
def test_negbin_matches_scipy(x: int, shape: float, rate: float) -> None:
    stats = pytest.importorskip("scipy.stats")
    expected = float(stats.nbinom.sf(x - 1, shape, rate / (rate + 1)))
    assert negbin_sf(x, shape, rate) == pytest.approx(expected, rel=1e-7, abs=1e-300)


@pytest.mark.parametrize(("x", "n", "p"), [(10, 18, 1 / 3), (0, 5, 0.2), (90, 100, 0.5), (3, 1000, 0.01)])
def test_binom_matches_scipy(x: int, n: int, p: float) -> None:
    stats = pytest.importorskip("scipy.stats")
    expected = float(stats.binom.sf(x - 1, n, p))
    assert binom_sf(x, n, p) == pytest.approx(expected, rel=1e-7, abs=1e-300)
    assert math.isfinite(binom_sf(x, n, p))
