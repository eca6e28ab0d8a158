"""The public API is ``tradeoff.__all__``; changing it is a deliberate act that updates this list."""

from __future__ import annotations

import subprocess
import sys

import tradeoff

PUBLIC = {
    "BACKENDS", "TASKS", "Backend", "BackendError", "BackendTimeoutError", "ConfigError", "DataError",
    "Estimate", "Extraction", "ExtractionMethod", "FinishReason", "Generation", "GenerationRequest",
    "Ledger", "Message", "MissingDependencyError", "PoolSpec", "PoolSummary", "Problem", "SampleReport",
    "SamplingParams", "Score", "StoredSample", "Task", "TradeoffError", "Usage",
    "UnknownNameError", "UserError", "bootstrap_mean", "get_backend", "get_task", "sample_pool",
    "score_pool", "summarize", "wilson",
    "CurvePoint", "PoolArrays", "PoolCurves", "best_of_k", "majority_at_k", "pass_at_k", "pool_arrays",
    "pool_curves", "sampled_at_1", "weighted_majority_at_k", "VERIFIERS", "Verifier", "get_verifier",
}  # fmt: skip


def test_all_is_pinned_and_every_name_resolves() -> None:
    assert set(tradeoff.__all__) == PUBLIC
    for name in tradeoff.__all__:
        assert getattr(tradeoff, name) is not None


def test_importing_tradeoff_and_listing_backends_imports_no_heavy_engine() -> None:
    code = (
        "import sys, tradeoff; tradeoff.BACKENDS.names(); tradeoff.TASKS.names();"
        "import tradeoff.cli.main;"
        "heavy = [m for m in ('torch', 'transformers', 'vllm', 'ray', 'llama_cpp', 'openai') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
