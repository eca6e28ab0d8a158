"""The whole decision with its paired uncertainty: recommendation, P(best), runner-up, break-evens.

:func:`decide_paired` takes the configurations as measured (:class:`tradeoff.frontier.measured.Measured`), puts
them on their common problems, draws ``D`` paired bootstrap resamples (:mod:`tradeoff.frontier.draws`)
and, at each requested volume ``Q``:

- the **recommendation** is what the rule (:mod:`tradeoff.frontier.rules`) picks on the point estimates
  (``not-credibly-worse`` also reads the draws, once);
- **P(best)** is the share of draws in which the rule, applied to that draw's accuracies and costs, picks
  the same configuration: the bootstrap probability that it is the best choice under the user's criterion
  (a "probability of being best" in the sense of ranking under resampling; Hall & Miller 2009). Over
  replications of the experiment it is calibrated when the stated probabilities match how often the
  recommendation is truly best (tested by simulation in ``tests/frontier/test_paired_calibration.py``);
- the **runner-up** is the configuration other than the recommendation that the draws pick most often
  (or, if no draw picks another, the rule's choice once the recommendation is set aside);
- the **difference** recommended − runner-up in accuracy is the mean of their per-problem paired
  differences with the percentile interval of its draws (never of zero width:
  :func:`tradeoff.stats.intervals.paired_difference`);
- **how many problems would settle it** (:mod:`tradeoff.frontier.power`).

The break-even volumes of every pair come with intervals over the same draws
(:mod:`tradeoff.frontier.crossings`). When the configurations share fewer than ``min_common`` problems,
or when ``method="independent"`` is asked for, the independent approximation is used instead and the
result carries an ``independent-fallback`` notice; comparing on a strict subset of some configuration's
problems carries a ``common-problems`` notice. Every result names its rule and its method.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from tradeoff.frontier.crossings import Crossing, crossings
from tradeoff.frontier.draws import DrawMethod, Draws, independent_draws, paired_draws
from tradeoff.frontier.measured import Measured, Notice, align, cost_notices
from tradeoff.frontier.power import Settling, problems_to_settle
from tradeoff.frontier.rules import DecisionRule, choose, recommend
from tradeoff.stats import Estimate
from tradeoff.stats.intervals import paired_difference

Method = Literal["auto", "paired", "independent"]
MIN_COMMON = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """The decision at one volume (see the module notes for each field).

    ``recommended`` is ``None`` when no configuration satisfies the rule; ``p_best`` is then the share of
    draws in which none does. ``p_worse[i]`` is P(configuration i trails the most accurate by more than δ).
    ``settle`` is ``None`` for the independent fallback (a sample size needs paired differences).
    """

    queries: float
    rule: str
    recommended: str | None
    p_best: float
    runner_up: str | None
    p_runner_up: float
    difference: Estimate | None
    p_worse: tuple[float, ...]
    settle: Settling | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PairedDecision:
    """Choices per volume and break-evens per pair, with how they were drawn and any notices."""

    method: DrawMethod
    rule: DecisionRule
    names: tuple[str, ...]
    problems: int
    draws: int
    accuracies: tuple[Estimate, ...]
    per_query_costs: tuple[float, ...]
    choices: tuple[Choice, ...]
    crossings: tuple[Crossing, ...]
    notices: tuple[Notice, ...]

    def at(self, queries: float) -> Choice:
        return next(c for c in self.choices if c.queries == queries)


def decide_paired(
    configs: Sequence[Measured],
    *,
    queries: Sequence[float],
    rule: DecisionRule,
    rng: np.random.Generator,
    draws: int = 2000,
    level: float = 0.95,
    min_common: int = MIN_COMMON,
    method: Method = "auto",
) -> PairedDecision:
    """Recommend at each of ``queries`` under ``rule``, with paired (or, as a named fallback, independent) draws."""
    aligned = align(configs, min_common=min_common) if method != "independent" else None
    notices: tuple[Notice, ...]
    if aligned is None:
        why = "asked for" if method == "independent" else f"fewer than {min_common} problems are shared by all"
        fallback = Notice(
            code="independent-fallback",
            message=f"independent normal approximation ({why}): differences between configurations are overstated",
        )
        sample = independent_draws(configs, draws=draws, rng=rng, level=level)
        notices = (fallback, *cost_notices(configs))
    else:
        sample, notices = paired_draws(aligned, draws=draws, rng=rng, level=level), aligned.notices
    return PairedDecision(
        method=sample.method,
        rule=rule,
        names=sample.names,
        problems=sample.problems,
        draws=draws,
        accuracies=sample.accuracy_estimates,
        per_query_costs=tuple(float(c) for c in sample.cost),
        choices=tuple(choice_at(sample, rule, queries=float(q), level=level) for q in queries),
        crossings=crossings(sample, value=rule.value if rule.rule == "economic" else None, level=level),
        notices=notices,
    )


def choice_at(sample: Draws, rule: DecisionRule, *, queries: float, level: float = 0.95) -> Choice:
    """The recommendation at one volume with its P(best), runner-up, paired difference and sample size."""
    point, drawn = (sample.accuracy, sample.cost), (sample.accuracy_draws, sample.cost_draws)
    rec, worse = recommend(rule, point, drawn, sample.fixed, queries=queries)
    picks = choose(rule, sample.accuracy_draws, sample.cost_draws, sample.fixed, queries=queries)
    if rec < 0:
        return Choice(
            queries=queries,
            rule=rule.describe(),
            recommended=None,
            p_best=float(np.mean(picks < 0)),
            runner_up=None,
            p_runner_up=0.0,
            difference=None,
            p_worse=tuple(float(w) for w in worse),
            settle=None,
        )
    runner = runner_up(sample, rule, rec, picks, queries=queries)
    return Choice(
        queries=queries,
        rule=rule.describe(),
        recommended=sample.names[rec],
        p_best=float(np.mean(picks == rec)),
        runner_up=None if runner < 0 else sample.names[runner],
        p_runner_up=float(np.mean(picks == runner)) if runner >= 0 else 0.0,
        difference=None if runner < 0 else difference(sample, rec, runner, level=level),
        p_worse=tuple(float(w) for w in worse),
        settle=None if runner < 0 else settle(sample, rule, rec, runner, queries=queries),
    )


def runner_up(sample: Draws, rule: DecisionRule, rec: int, picks: np.ndarray, *, queries: float) -> int:
    """The other configuration the draws pick most often; else the rule's pick with ``rec`` set aside."""
    others = picks[(picks >= 0) & (picks != rec)]
    if others.size:
        return int(np.bincount(others, minlength=len(sample.names)).argmax())
    accuracy = sample.accuracy.copy()
    accuracy[rec] = -1.0  # below every target and every other accuracy
    pick = int(choose(rule, accuracy, sample.cost, sample.fixed, queries=queries)[0])
    return -1 if pick == rec else pick


def difference(sample: Draws, a: int, b: int, *, level: float = 0.95) -> Estimate:
    """Accuracy of ``a`` minus ``b``: paired per problem, or from independent draws in the fallback."""
    drawn = sample.accuracy_draws[:, a] - sample.accuracy_draws[:, b]
    if sample.per_problem is not None:
        return paired_difference(sample.per_problem[:, a] - sample.per_problem[:, b], drawn, level=level)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(drawn, [tail, 100 - tail])
    value = float(sample.accuracy[a] - sample.accuracy[b])
    return Estimate(value, float(low), float(high), "independent-normal", sample.problems)


def settle(sample: Draws, rule: DecisionRule, rec: int, runner: int, *, queries: float) -> Settling | None:
    """Problems needed to settle the recommendation (paired draws only), per rule.

    ``most-accurate``/``budget``: the recommendation's accuracy above the runner-up's. ``not-credibly-worse``:
    a cheaper recommendation must not trail the most accurate configuration by more than δ (margin δ).
    ``target``: the recommendation's own accuracy above the target. ``economic``: its net value above the
    runner-up's, per problem ``v·Δa_i − Δc_i`` with margin ``(F_runner − F_rec)/Q``.
    """
    if sample.per_problem is None:
        return None
    acc, cost, confidence = sample.per_problem, sample.cost_per_problem, 1 - rule.alpha
    if rule.rule == "target":
        return problems_to_settle(acc[:, rec] - float(rule.target or 0), confidence=confidence)
    if rule.rule == "economic":
        if queries <= 0 or cost is None:
            return None
        value = float(rule.value or 0)
        diffs = value * (acc[:, rec] - acc[:, runner]) - (cost[:, rec] - cost[:, runner])
        margin = float(sample.fixed[runner] - sample.fixed[rec]) / queries
        return problems_to_settle(diffs, confidence=confidence, margin=margin, scale=max(value, 1e-12))
    best = int(choose(rule, sample.accuracy, sample.cost, sample.fixed, queries=queries, per_draw="most-accurate")[0])
    other, margin = (best, rule.delta) if rule.rule == "not-credibly-worse" and best != rec else (runner, 0.0)
    return problems_to_settle(acc[:, rec] - acc[:, other], confidence=confidence, margin=margin)
