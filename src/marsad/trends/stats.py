"""Tail probabilities of the two count distributions the alert rule uses, in plain floating point.

`negbin_sf(x, shape, rate)`: P(X >= x) for the Gamma-Poisson (negative binomial) predictive of a Poisson
count whose rate has a Gamma(shape, rate) distribution: P(X = k) = Γ(k + a) / (Γ(a) k!) · p^a · (1 - p)^k
with a = shape and p = rate / (rate + 1); its mean is shape / rate.
`binom_sf(x, n, p)`: P(X >= x) for X ~ Binomial(n, p).
The upper tail is summed term by term from x upwards when x is past the mean (no cancellation, so small
p-values stay accurate), else taken as 1 - P(X < x).
"""

from __future__ import annotations

import math


def _negbin_logpmf(k: int, shape: float, log_p: float, log_q: float) -> float:
    return math.lgamma(k + shape) - math.lgamma(shape) - math.lgamma(k + 1) + shape * log_p + k * log_q


def negbin_sf(x: int, shape: float, rate: float) -> float:
    """P(X >= x), X negative binomial with mean shape / rate (see the module docstring)."""
    if x <= 0:
        return 1.0
    if shape <= 0:
        return 0.0  # all the mass is at 0
    if rate <= 0:
        raise ValueError(f"rate must be positive, got {rate}")
    p = rate / (rate + 1.0)
    log_p, log_q = math.log(p), math.log1p(-p)
    if x <= shape / rate:
        below = sum(math.exp(_negbin_logpmf(k, shape, log_p, log_q)) for k in range(x))
        return min(1.0, max(0.0, 1.0 - below))
    # Past the mean the ratio of successive terms, (k + a)(1 - p) / (k + 1), is below 1: a geometric bound.
    term = math.exp(_negbin_logpmf(x, shape, log_p, log_q))
    total, k = 0.0, x
    while term > 0.0 and term > total * 1e-17 and k < x + 1_000_000:
        total += term
        term *= (k + shape) * (1.0 - p) / (k + 1)
        k += 1
    return min(1.0, total)


def binom_sf(x: int, n: int, p: float) -> float:
    """P(X >= x), X ~ Binomial(n, p)."""
    if x <= 0:
        return 1.0
    if x > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    log_c = math.lgamma(n + 1)
    return min(
        1.0,
        sum(
            math.exp(log_c - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q)
            for k in range(x, n + 1)
        ),
    )
