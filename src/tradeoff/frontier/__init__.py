"""Frontier: query-volume economics (Pareto, break-even, plans, phase maps) and their uncertainty.

The decision with paired, problem-level uncertainty: :func:`decide_paired` over :class:`Measured` configurations
under a :class:`DecisionRule` (see ``docs/decisions.md``).
"""

from tradeoff.frontier.crossings import Crossing
from tradeoff.frontier.economics import (
    BreakEven,
    Configuration,
    Criterion,
    PhaseMap,
    best_within_budget,
    break_even,
    budget_phase_map,
    cheapest_reaching,
    pareto_frontier,
    target_envelope,
    target_phase_map,
)
from tradeoff.frontier.measured import Measured, Notice, from_per_problem
from tradeoff.frontier.paired import Choice, PairedDecision, decide_paired
from tradeoff.frontier.power import Settling, problems_to_settle
from tradeoff.frontier.rules import DecisionRule, RuleName
from tradeoff.frontier.uncertainty import (
    SwitchInterval,
    draw_accuracies,
    frontier_frequency,
    plan_frequency,
    target_switch_interval,
)

__all__ = [
    "BreakEven", "Choice", "Configuration", "Criterion", "Crossing", "DecisionRule", "Measured", "Notice",
    "PairedDecision", "PhaseMap", "RuleName", "Settling", "SwitchInterval", "best_within_budget", "break_even",
    "budget_phase_map", "cheapest_reaching", "decide_paired", "draw_accuracies", "from_per_problem",
    "frontier_frequency", "pareto_frontier", "plan_frequency", "problems_to_settle", "target_envelope",
    "target_phase_map", "target_switch_interval",
]  # fmt: skip
