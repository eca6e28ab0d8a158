"""Decision rules: which configuration to deploy at a volume Q, as pure functions over point values.

Every rule reads, per configuration, an accuracy ``a``, a per-query cost ``c`` (dollars) and a fixed cost
``F``, and at ``Q`` queries the total cost ``T = F + Q·c``. The functions take arrays with a leading axis of
draws (shape ``(D, C)``) so the same rule runs once on the point estimates (``D = 1``) and once per
bootstrap draw. Ties are broken the same way everywhere: by the rule's second key, then by the order
the configurations were given in.

- ``most-accurate``: the highest ``a``; ties → the cheaper ``T``.
- ``target``: the cheapest ``T`` among those with ``a ≥ target``; ties → the higher ``a``.
- ``budget``: the highest ``a`` among those with ``T ≤ budget``; ties → the cheaper ``T``.
- ``economic``: with ``v`` dollars the value of one correct answer, the highest net value
  ``Q·(v·a − c) − F`` (ties → the higher ``a``). Its break-evens are those of the lines ``F + Q·(c − v·a)``.
- ``not-credibly-worse`` (the default when no target is given): the cheapest configuration whose paired
  probability of being worse than the most accurate one by more than ``δ`` (default one point) is below
  ``α`` (5 %). That probability needs the draws, so the rule is evaluated in two steps: the most accurate
  configuration ``m`` is found on the point estimates; ``P(a_m − a_i > δ)`` is the share of paired draws in
  which it holds (:func:`p_worse`); the recommendation is the cheapest ``T`` among the configurations where
  that share is below ``α`` (``requires="shown-not-worse"``, the default: a non-inferiority test, Wellek 2010
  — a cheaper configuration must be shown, at 1 − α, not to trail by more than δ; with few problems this
  keeps the most accurate one). ``requires="not-shown-worse"`` reverses the burden: a configuration is set
  aside only when it is shown, at 1 − α, to trail by more than δ (share ≥ 1 − α), so with few problems the
  cheapest one is kept. Within one draw the best choice under this criterion is
  :func:`choose` with ``within-delta``: the cheapest configuration whose accuracy is within ``δ`` of that
  draw's best, so P(best) is the share of draws in which that picks the recommendation.

A rule that nothing satisfies (no configuration reaches the target or fits the budget) picks ``-1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError

RuleName = Literal["most-accurate", "target", "budget", "not-credibly-worse", "economic"]
Burden = Literal["shown-not-worse", "not-shown-worse"]
"""Which evidence ``not-credibly-worse`` needs: that a cheaper option is not worse, or that it is worse."""
RULES: tuple[RuleName, ...] = get_args(RuleName)
PerDraw = Literal["most-accurate", "target", "budget", "within-delta", "economic"]
"""The rule applied inside one draw (``not-credibly-worse`` becomes ``within-delta`` there)."""

TOLERANCE = 1e-12


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionRule:
    """A rule and its settings; ``target`` for ``target``, ``budget`` for ``budget``, ``value`` for ``economic``."""

    rule: RuleName = "not-credibly-worse"
    target: float | None = None
    budget: float | None = None
    value: float | None = None
    delta: float = 0.01
    alpha: float = 0.05
    requires: Burden = "shown-not-worse"

    def __post_init__(self) -> None:
        needs = {"target": self.target, "budget": self.budget, "economic": self.value}
        if self.rule in needs and needs[self.rule] is None:
            setting = {"target": "a target accuracy", "budget": "a total budget", "economic": "a value per answer"}
            raise ConfigError(f"the {self.rule} rule needs {setting[self.rule]}")
        if not 0 <= self.delta < 1 or not 0 < self.alpha < 1:
            raise ConfigError(f"delta must be in [0, 1) and alpha in (0, 1), got {self.delta}, {self.alpha}")

    @property
    def per_draw(self) -> PerDraw:
        return "within-delta" if self.rule == "not-credibly-worse" else self.rule

    def describe(self) -> str:
        """How the rule reads in a report: ``not-credibly-worse (δ = 1.0 points, α = 5 %)``."""
        detail = {
            "most-accurate": "",
            "target": f" (accuracy ≥ {100 * (self.target or 0):.1f} %)",
            "budget": f" (total ≤ ${self.budget:,.2f})" if self.budget is not None else "",
            "economic": f" (${self.value:g} per correct answer)" if self.value is not None else "",
            "not-credibly-worse": f" (δ = {100 * self.delta:.1f} points, α = {100 * self.alpha:g} %, {self.requires})",
        }
        return self.rule + detail[self.rule]


def totals(fixed: NDArray[np.float64], per_query: NDArray[np.float64], queries: float) -> NDArray[np.float64]:
    """``F + Q·c`` for every draw and configuration."""
    return np.asarray(fixed + queries * per_query, dtype=float)


def argbest(primary: NDArray[np.float64], secondary: NDArray[np.float64], ok: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Per row: among ``ok``, the largest ``primary``, ties by the largest ``secondary``, then first; -1 if none."""
    p = np.where(ok, primary, -np.inf)
    top = p.max(axis=-1, keepdims=True)
    tied = ok & (p >= top - TOLERANCE * np.maximum(1.0, np.abs(top)))
    pick = np.where(tied, secondary, -np.inf).argmax(axis=-1)
    return np.where(ok.any(axis=-1), pick, -1).astype(np.int64)


def choose(
    rule: DecisionRule,
    accuracy: NDArray[np.float64],
    per_query: NDArray[np.float64],
    fixed: NDArray[np.float64],
    *,
    queries: float,
    per_draw: PerDraw | None = None,
) -> NDArray[np.int64]:
    """The configuration each row of ``accuracy``/``per_query`` (``(D, C)``) picks at ``queries``."""
    acc, total = np.atleast_2d(accuracy), totals(fixed, np.atleast_2d(per_query), queries)
    every = np.ones_like(acc, dtype=bool)
    kind = per_draw or rule.per_draw
    if kind == "most-accurate":
        return argbest(acc, -total, every)
    if kind == "target":
        return argbest(-total, acc, acc >= float(rule.target or 0) - TOLERANCE)
    if kind == "budget":
        return argbest(acc, -total, total <= float(rule.budget or 0) * (1 + TOLERANCE))
    if kind == "economic":
        net = queries * (float(rule.value or 0) * acc - np.atleast_2d(per_query)) - fixed
        return argbest(net, acc, every)
    if kind == "within-delta":
        return argbest(-total, acc, acc >= acc.max(axis=-1, keepdims=True) - rule.delta - TOLERANCE)
    raise ConfigError(f"unknown rule {kind!r}; choose from {', '.join(RULES)}")


def p_worse(accuracy_draws: NDArray[np.float64], best: int, *, delta: float) -> NDArray[np.float64]:
    """Per configuration: the share of draws in which ``best`` beats it by more than ``delta``."""
    gap = accuracy_draws[:, best : best + 1] - accuracy_draws
    return np.asarray((gap > delta + TOLERANCE).mean(axis=0), dtype=float)


def recommend(
    rule: DecisionRule,
    point: tuple[NDArray[np.float64], NDArray[np.float64]],
    draws: tuple[NDArray[np.float64], NDArray[np.float64]],
    fixed: NDArray[np.float64],
    *,
    queries: float,
) -> tuple[int, NDArray[np.float64]]:
    """The recommendation at ``queries`` and, per configuration, P(worse than the most accurate by > δ).

    ``point`` holds the point accuracies and per-query costs ``(C,)``; ``draws`` the paired draws ``(D, C)``.
    Every rule but ``not-credibly-worse`` decides on the point estimates alone.
    """
    accuracy, per_query = point
    best = int(choose(rule, accuracy, per_query, fixed, queries=queries, per_draw="most-accurate")[0])
    worse = p_worse(draws[0], best, delta=rule.delta)
    if rule.rule != "not-credibly-worse":
        return int(choose(rule, accuracy, per_query, fixed, queries=queries)[0]), worse
    bar = rule.alpha if rule.requires == "shown-not-worse" else 1 - rule.alpha
    eligible = (worse < bar)[None, :]
    total = totals(fixed, per_query, queries)[None, :]
    return int(argbest(-total, accuracy[None, :], eligible)[0]), worse
