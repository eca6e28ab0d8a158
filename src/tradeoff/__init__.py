"""tradeoff: how to split a compute budget between training a model and inference-time compute.

The public API is ``__all__`` (pinned by ``tests/test_public_api.py``). Importing ``tradeoff`` imports
no torch, vLLM or Ray: heavy engines load only when their backend is used.
"""

from tradeoff.backends import BACKENDS, Backend, get_backend
from tradeoff.errors import (
    BackendError,
    BackendTimeoutError,
    ConfigError,
    DataError,
    MissingDependencyError,
    TradeoffError,
    UnknownNameError,
    UserError,
)
from tradeoff.ledger import Ledger, StoredSample
from tradeoff.pools.sample import PoolSpec, SampleReport, sample_pool
from tradeoff.pools.score import score_pool
from tradeoff.pools.summary import PoolSummary, summarize
from tradeoff.stats import Estimate, bootstrap_mean, wilson
from tradeoff.strategies import (
    CurvePoint,
    PoolArrays,
    PoolCurves,
    best_of_k,
    majority_at_k,
    pass_at_k,
    pool_arrays,
    pool_curves,
    sampled_at_1,
    weighted_majority_at_k,
)
from tradeoff.tasks import TASKS, Task, get_task
from tradeoff.types import (
    Extraction,
    ExtractionMethod,
    FinishReason,
    Generation,
    GenerationRequest,
    Message,
    Problem,
    SamplingParams,
    Score,
    Usage,
)
from tradeoff.verifiers import VERIFIERS, Verifier, get_verifier

__version__ = "0.1.0"

__all__ = [
    "BACKENDS",
    "TASKS",
    "VERIFIERS",
    "Backend",
    "BackendError",
    "BackendTimeoutError",
    "ConfigError",
    "CurvePoint",
    "DataError",
    "Estimate",
    "Extraction",
    "ExtractionMethod",
    "FinishReason",
    "Generation",
    "GenerationRequest",
    "Ledger",
    "Message",
    "MissingDependencyError",
    "PoolArrays",
    "PoolCurves",
    "PoolSpec",
    "PoolSummary",
    "Problem",
    "SampleReport",
    "SamplingParams",
    "Score",
    "StoredSample",
    "Task",
    "TradeoffError",
    "UnknownNameError",
    "Usage",
    "UserError",
    "Verifier",
    "best_of_k",
    "bootstrap_mean",
    "get_backend",
    "get_task",
    "get_verifier",
    "majority_at_k",
    "pass_at_k",
    "pool_arrays",
    "pool_curves",
    "sample_pool",
    "sampled_at_1",
    "score_pool",
    "summarize",
    "weighted_majority_at_k",
    "wilson",
]
