"""Pool strategies: every budget k ≤ N estimated from one stored pool, with 95 % intervals.

One estimator per module, each stating its formula and source: ``pass_at_k`` (Chen et al. 2021),
``majority`` (Wang et al. 2023; exact algorithm in ``majority_exact``), ``weighted`` (weighted voting),
``best_of_k`` (Cobbe et al. 2021; Snell et al. 2024), ``sampled`` (sampled@1 and greedy). They read the
compact :class:`PoolArrays` built once from the ledger and return :class:`PerProblem`; ``bootstrap``
turns those into :class:`CurvePoint` records and ``curves`` composes everything for one pool.
``beyond`` and ``beyond_majority`` predict pass@k and majority@k for budgets k > N (marked predicted).
"""

from tradeoff.strategies.arrays import PoolArrays, VerifierScores, from_labels, pool_arrays, verifier_arrays
from tradeoff.strategies.best_of_k import best_of_k
from tradeoff.strategies.beyond import Predicted, predict_pass_at_k
from tradeoff.strategies.beyond_majority import predict_majority_at_k
from tradeoff.strategies.bootstrap import bootstrap_counts, curve_points, intervals
from tradeoff.strategies.curves import PoolCurves, default_strategies, pool_curves, select_points
from tradeoff.strategies.majority import majority_at_k
from tradeoff.strategies.pass_at_k import pass_at_k
from tradeoff.strategies.records import (
    STRATEGIES,
    CurvePoint,
    EstimatorOptions,
    Method,
    PerProblem,
    Strategy,
    check_ks,
    default_ks,
    label,
)
from tradeoff.strategies.sampled import greedy, sampled_at_1
from tradeoff.strategies.weighted import weighted_majority_at_k

__all__ = [
    "STRATEGIES",
    "CurvePoint",
    "EstimatorOptions",
    "Method",
    "PerProblem",
    "PoolArrays",
    "PoolCurves",
    "Predicted",
    "Strategy",
    "VerifierScores",
    "best_of_k",
    "bootstrap_counts",
    "check_ks",
    "curve_points",
    "default_ks",
    "default_strategies",
    "from_labels",
    "greedy",
    "intervals",
    "label",
    "majority_at_k",
    "pass_at_k",
    "pool_arrays",
    "pool_curves",
    "predict_majority_at_k",
    "predict_pass_at_k",
    "sampled_at_1",
    "select_points",
    "verifier_arrays",
    "weighted_majority_at_k",
]
