"""Scaling laws: fits and compute-optimal planners, one law per module, pure numpy/scipy.

- ``chinchilla``: L(N, D) = E + A/N^α + B/D^β by approach 3 (Hoffmann et al. 2022; Besiroglu et al. 2024),
  bootstrap intervals, the compute-optimal N*(C), D*(C).
- ``inference_aware``: the cheapest (N, D) reaching a target loss, counting inference (Sardana et al. 2024).
- ``t2`` / ``t2_pass``: Train-to-Test scaling, loss and pass@k forms, and the joint (N, D, k) optimum
  (Roberts et al. 2026).
- ``coverage``: coverage(k) ≈ exp(a·k^b) (Brown et al. 2024).
- ``exchange``: the test-time multiplier that FLOPs-matches an M× larger model (Snell et al. 2024).
- ``inference_scaling``: accuracy-vs-FLOPs frontiers and the compute-optimal model size (Wu et al. 2024).

Around them: ``tables`` (points files for every law), ``runs`` (coverage and inference-scaling inputs from
a run directory), ``planner`` / ``plan_law`` (plans with intervals and reasons), ``report`` /
``report_sampling`` (what ``tradeoff fit`` prints) and ``figures`` (what the law figures show).
"""

from tradeoff.laws._lse import COARSE_GRID, StartGrid
from tradeoff.laws.chinchilla import (
    BESIROGLU_2024,
    HOFFMANN_2022,
    ChinchillaFit,
    ChinchillaLaw,
    ComputeOptimal,
    fit_chinchilla,
)
from tradeoff.laws.coverage import (
    CoverageFit,
    CoverageLaw,
    fit_coverage,
    fit_coverage_from_counts,
    fit_coverage_points,
    pass_at_k,
)
from tradeoff.laws.exchange import flops_matched_multiplier, matching_inference_ratio
from tradeoff.laws.inference_aware import Allocation, InferenceAwareOptimum, inference_aware_optimum
from tradeoff.laws.inference_scaling import InferencePoints, OptimalSizes, frontiers, optimal_size, pareto_frontier
from tradeoff.laws.planner import LawPlan, PlanRow, chinchilla_plan, inference_aware_plan, t2_plan
from tradeoff.laws.points import LossPoints, loss_points_from_records, resolve_columns
from tradeoff.laws.t2 import T2_GRID, T2LossFit, T2LossLaw, T2LossPoints, T2Plan, fit_t2_loss, t2_loss_optimum
from tradeoff.laws.t2_optimum import Budgets
from tradeoff.laws.t2_pass import T2PassFit, T2PassLaw, beta_pass_at_k, fit_t2_pass, t2_pass_optimum
from tradeoff.laws.tables import LAWS, LawName, PointsTable, read_points

__all__ = [
    "BESIROGLU_2024",
    "COARSE_GRID",
    "HOFFMANN_2022",
    "LAWS",
    "T2_GRID",
    "Allocation",
    "Budgets",
    "ChinchillaFit",
    "ChinchillaLaw",
    "ComputeOptimal",
    "CoverageFit",
    "CoverageLaw",
    "InferenceAwareOptimum",
    "InferencePoints",
    "LawName",
    "LawPlan",
    "LossPoints",
    "OptimalSizes",
    "PlanRow",
    "PointsTable",
    "StartGrid",
    "T2LossFit",
    "T2LossLaw",
    "T2LossPoints",
    "T2PassFit",
    "T2PassLaw",
    "T2Plan",
    "beta_pass_at_k",
    "chinchilla_plan",
    "fit_chinchilla",
    "fit_coverage",
    "fit_coverage_from_counts",
    "fit_coverage_points",
    "fit_t2_loss",
    "fit_t2_pass",
    "flops_matched_multiplier",
    "frontiers",
    "inference_aware_optimum",
    "inference_aware_plan",
    "loss_points_from_records",
    "matching_inference_ratio",
    "optimal_size",
    "pareto_frontier",
    "pass_at_k",
    "read_points",
    "resolve_columns",
    "t2_loss_optimum",
    "t2_pass_optimum",
    "t2_plan",
]
