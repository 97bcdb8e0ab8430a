"""Mean, spread and the 95 % Student-t interval of a metric over a study's cycles (no scipy).

The t quantile is exact: the Student-t CDF through the regularized incomplete beta function
(a Lentz continued fraction), inverted by bisection.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

import attrs

_EPS = 1e-15
_TINY = 1e-300


@attrs.frozen
class Spread:
    """``n`` values; ``std`` and the interval need 2 of them, ``cv`` a non-zero mean."""

    n: int
    mean: float | None
    std: float | None
    cv: float | None
    ci95_low: float | None
    ci95_high: float | None


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) (Numerical Recipes' betacf, modified Lentz)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, 500):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return result


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for 0 <= x <= 1."""
    if x <= 0.0 or x >= 1.0:
        return 0.0 if x <= 0.0 else 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * regularized_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p, for 0.5 <= p < 1 (bisection on :func:`t_cdf`)."""
    if not 0.5 <= p < 1.0 or df <= 0:
        raise ValueError(f"t_quantile needs 0.5 <= p < 1 and df > 0, got p={p}, df={df}")
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        low, high = (middle, high) if t_cdf(middle, df) < p else (low, middle)
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


def spread(values: Sequence[float]) -> Spread:
    """Mean, sample std, CV and the two-sided 95 % t-interval of ``values``."""
    n = len(values)
    if n == 0:
        return Spread(0, None, None, None, None, None)
    mean = statistics.fmean(values)
    if n == 1:
        return Spread(1, mean, None, None, None, None)
    std = statistics.stdev(values)
    half = t_quantile(0.975, n - 1) * std / math.sqrt(n)
    cv = std / abs(mean) if mean != 0 else None
    return Spread(n, mean, std, cv, mean - half, mean + half)
