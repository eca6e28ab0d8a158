"""Percentile-bootstrap intervals (Efron 1979) of any quantity computed from a fit and from its refits.

A fit's value v comes with refits on resampled data; the 95 % interval is the 2.5th and 97.5th percentile
of the quantity over the refits. Without refits the interval is NaN and the method says so.
"""

from __future__ import annotations

from collections.abc import Sequence

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
