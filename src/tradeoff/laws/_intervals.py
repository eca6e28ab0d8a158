"""Percentile-bootstrap intervals (Efron 1979) of any quantity computed from a fit and from its refits.

A fit's value v comes with refits on resampled data; the 95 % interval is the 2.5th and 97.5th percentile
of the quantity over the refits. Without refits the interval is NaN and the method says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tradeoff.stats import Estimate


def percentile_interval(value: float, draws: Sequence[float], *, n: int, level: float = 0.95) -> Estimate:
    """``value`` with the percentile interval of the finite ``draws`` (NaN bounds when there are none)."""
    finite = [d for d in draws if np.isfinite(d)]
    if not finite:
        return Estimate(float(value), float("nan"), float("nan"), "no bootstrap", n)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return Estimate(float(value), float(low), float(high), f"bootstrap x{len(finite)}", n)


def parameter_intervals(
    fitted: Any, refits: Sequence[Any], names: Sequence[str], *, n: int, level: float = 0.95
) -> dict[str, Estimate]:
    """Each attribute ``names`` of a fitted law with its percentile interval over the refits' values."""
    return {
        name: percentile_interval(getattr(fitted, name), [getattr(r, name) for r in refits], n=n, level=level)
        for name in names
    }
