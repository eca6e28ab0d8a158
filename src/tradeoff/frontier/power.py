"""How many problems would settle a recommendation: a normal-approximation sample size.

Take the per-problem paired differences ``d_i = a_rec,i − a_other,i`` between the recommendation and
the configuration it must beat (the runner-up; for ``not-credibly-worse``, the most accurate one, which
the recommendation must not trail by more than ``δ``, so the margin is ``δ``). With mean ``d̄`` and standard
deviation ``s`` over ``P`` problems, the mean over ``n`` problems is approximately normal with standard
error ``s/√n`` (central limit theorem). The recommendation is settled at one-sided confidence ``γ`` when
``(d̄ + margin)·√n / s ≥ z_γ``; if ``d̄`` and ``s`` are the true values, this first happens at

    n = ⌈((z_γ + z_π) · s / (d̄ + margin))²⌉

where ``z_π = 0`` without a power requirement (``n`` is then the size at which the *expected* evidence
reaches ``γ``, and the paired P(best) of two configurations, ≈ Φ((d̄ + margin)√n/s), is ``γ``; half of
fresh samples of that size would fall short) and ``z_π = Φ⁻¹(π)`` for power ``π`` (the chance that a
fresh sample of ``n`` problems settles it; Cohen 1988, ch. 2; the paired-t sample size of e.g.
Chow, Shao & Wang 2008, §3.1, with the normal in place of t). When ``d̄ + margin ≤ 0`` no number of
problems settles it in the recommendation's favour (``needed`` is ``None``). A zero ``s`` (every problem
agrees) is floored at ``scale/√(P + 1)``, about the spread if one more problem disagreed (``scale`` is
what one disagreement is worth: 1 for accuracies, ``v`` for net values in dollars), so the answer stays finite
and honest about the few problems seen. The assumption is stated in the result, in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError
from tradeoff.stats.intervals import z_value


@dataclass(frozen=True, slots=True, kw_only=True)
class Settling:
    """The problems needed (``None``: no number would) and the assumption behind the figure."""

    problems: int
    needed: int | None
    more: int | None
    mean_difference: float
    sd: float
    margin: float
    confidence: float
    power: float | None
    assumption: str


def problems_to_settle(
    differences: NDArray[np.float64],
    *,
    confidence: float = 0.95,
    power: float | None = None,
    margin: float = 0.0,
    scale: float = 1.0,
) -> Settling:
    """The number of problems at which the mean of ``differences`` (+ ``margin``) would be settled above 0."""
    if not 0.5 < confidence < 1 or (power is not None and not 0.5 <= power < 1):
        raise ConfigError(f"confidence must be in (0.5, 1) and power in [0.5, 1), got {confidence}, {power}")
    data = np.asarray(differences, dtype=float)
    if data.size == 0:
        raise ConfigError("no paired differences: the configurations share no problems")
    p = int(data.size)
    mean = float(data.mean())
    sd = float(data.std(ddof=1)) if p > 1 else 0.0
    if sd == 0:
        sd = scale / math.sqrt(p + 1)
    z = z_value(2 * confidence - 1) + (z_value(2 * power - 1) if power is not None else 0.0)
    effect = mean + margin
    needed = math.ceil((z * sd / effect) ** 2) if effect > 0 else None
    chance = f"power {100 * power:g} %" if power is not None else "no power requirement (about even odds)"
    assumption = (
        f"normal approximation to the mean of {p} per-problem paired differences (mean {mean:+.4f}, sd {sd:.4f}"
        f"{f', margin {margin:g}' if margin else ''}), one-sided at {100 * confidence:g} %, {chance}; "
        "assumes the observed mean and sd are the true ones and new problems are drawn like these"
    )
    more = None if needed is None else max(0, needed - p)
    return Settling(
        problems=p,
        needed=needed,
        more=more,
        mean_difference=mean,
        sd=sd,
        margin=margin,
        confidence=confidence,
        power=power,
        assumption=assumption,
    )
