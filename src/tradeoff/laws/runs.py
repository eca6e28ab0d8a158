"""Law inputs from a tradeoff run directory: coverage curves of its pools, and inference-scaling points.

- **Coverage** (Brown et al. 2024): each sampled pool's correct-sample counts per problem give the unbiased
  pass@k curve (Chen et al. 2021) at k = 1, 2, 4, …, n, fitted by ``coverage.fit_coverage_from_counts``
  with the bootstrap over problems.
- **Inference scaling** (Wu et al. 2024): every pool's accuracy curves (``rundir.curves``: sampled@1 or
  greedy, majority@k, and weighted/best-of-k with a verifier), each point with its 95 % interval, priced in
  inference FLOPs per problem. With the model's facts (its ``config.json``; a GGUF through its converted
  folder) that is ``cost.flops.sampling_flops``: one prefill of the mean prompt P (the engine shares the
  prompt's prefix) and k decodes of the mean generated length G, attention included. With only a parameter
  count N (``params={model: N}``, for models without a local config such as the mock or an API model) it
  is the dense term alone, 2·N·(P + k·G) (Kaplan et al. 2020). Verifier tokens, where a strategy has them,
  are counted as generated tokens of the same model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tradeoff.cost import ModelFacts, facts_from_folder, sampling_flops
from tradeoff.errors import ConfigError, DataError, TradeoffError
from tradeoff.laws.coverage import CoverageFit, fit_coverage_from_counts
from tradeoff.laws.inference_scaling import InferencePoints
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import curves, open_ledger, stored_spec
from tradeoff.stats import Estimate
from tradeoff.strategies import Strategy, default_ks, pool_arrays


@dataclass(frozen=True, slots=True)
class PoolCoverage:
    pool: str
    model: str
    fit: CoverageFit


def coverage_from_run(
    run: Path, *, pools: Sequence[str] | None = None, bootstrap: int = 200, rng: np.random.Generator
) -> list[PoolCoverage]:
    """A coverage fit per sampled pool (n >= 2 samples per problem) of ``run`` (or of ``pools``)."""
    out = []
    with open_ledger(run) as ledger:
        names = list(pools or ledger.pools())
        for pool in names:
            spec = stored_spec(ledger, pool)
            if spec.n < 2:
                if pools:
                    raise ConfigError(f"pool {pool!r} has {spec.n} sample per problem; coverage needs n >= 2")
                continue
            samples = ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)
            arrays = pool_arrays(samples, pool=f"pool {pool!r}")
            try:
                fit = fit_coverage_from_counts(
                    arrays.correct.sum(axis=1),
                    samples=arrays.samples,
                    ks=default_ks(arrays.samples),
                    bootstrap=bootstrap,
                    rng=rng,
                )
            except DataError as exc:
                raise DataError(f"pool {pool!r}: {exc}") from None
            out.append(PoolCoverage(pool, spec.model, fit))
    if not out:
        raise DataError(f"{run} holds no sampled pool (n >= 2); sample one with `tradeoff sample -n 8 ...`")
    return out


@dataclass(frozen=True, slots=True, eq=False)
class RunInferencePoints:
    """Inference-scaling points of a run (strategies named ``pool:label``) and each accuracy's interval."""

    points: InferencePoints
    estimates: tuple[Estimate, ...]


def model_facts(spec: PoolSpec, params: Mapping[str, float]) -> tuple[float, ModelFacts | None]:
    """(size, facts) of a pool's model: the size given in ``params``, else from the model's config.json."""
    if spec.model in params:
        return float(params[spec.model]), None
    from tradeoff.backends.models import local_hf_folder, resolve_model

    hint = f"give its size with --params {spec.model}=N (parameters)"
    try:
        ref = resolve_model(spec.model)
        if ref.kind == "hub":
            raise ConfigError(f"model {spec.model!r} is a hub id without a local config.json; {hint}")
        facts = facts_from_folder(local_hf_folder(ref), name=spec.model)
    except ConfigError:
        raise
    except TradeoffError as exc:
        raise ConfigError(f"the size of model {spec.model!r} is unknown ({exc}); {hint}") from None
    return float(facts.params), facts


def inference_points_from_run(
    run: Path,
    *,
    params: Mapping[str, float] | None = None,
    verifier: str | None = None,
    seed: int = 0,
    resamples: int = 1000,
) -> RunInferencePoints:
    """Every pool's accuracy-vs-budget points, as (model size, ``pool:label``, FLOPs per problem, accuracy)."""
    rows: list[tuple[float, str, float, float]] = []
    estimates: list[Estimate] = []
    with open_ledger(run) as ledger:
        specs = {pool: stored_spec(ledger, pool) for pool in ledger.pools()}
        prompts = {}
        for pool, spec in specs.items():
            usage = ledger.usage(pool, limit=spec.limit, n=spec.n)
            prompts[pool] = usage.prompt_tokens / usage.samples if usage.samples else 0.0
    if not specs:
        raise DataError(f"{run} holds no pools; sample some with `tradeoff sample`")
    for pool, spec in specs.items():
        size, facts = model_facts(spec, params or {})
        wanted: tuple[Strategy, ...] = ("sampled",) if spec.greedy else ("sampled", "majority")
        if verifier and not spec.greedy:
            wanted += ("weighted", "best_of")
        (curve,) = curves(run, pools=[pool], strategies=wanted, verifier=verifier, seed=seed, resamples=resamples)
        for point in curve.points:
            if point.strategy == "majority" and point.k == 1:
                continue  # majority@1 is sampled@1
            generated = point.tokens / point.samples
            k = int(point.samples)
            if facts is not None:
                flops = sampling_flops(facts, prompt_tokens=prompts[pool], generated_tokens=generated, samples=k)
            else:
                flops = 2.0 * size * (prompts[pool] + k * generated)
            name = "greedy" if spec.greedy else point.label
            rows.append((size, f"{pool}:{name}", flops, point.estimate.value))
            estimates.append(point.estimate)
    sizes, labels, flops_, accuracy = zip(*rows, strict=True)
    return RunInferencePoints(InferencePoints.of(sizes, labels, flops_, accuracy), tuple(estimates))
