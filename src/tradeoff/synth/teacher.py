"""Synthetic training data: a teacher solves train problems; answers that match the gold answer are kept.

The teacher is any backend (an OpenAI-compatible API such as gpt-4o-mini, a local model through ``hf``,
``vllm`` or ``llamacpp``, the ``mock``). Its samples are an ordinary pool on the task's **train** split
(:func:`tradeoff.run.ops.sample`), so every backend batch is committed to the run's ledger as soon as it
returns: a teacher that fails or a process that is killed loses at most the batch in flight, what was paid
for stays, and re-running the same command asks the teacher only for what is missing. Rejection on the
gold answer is the task's own scorer (:mod:`tradeoff.synth.accepted`); the acceptance rate, the teacher's
tokens and the data's cost (:mod:`tradeoff.synth.cost`) are read back from the ledger.

``tradeoff train --data-run RUN --data-pool POOL`` trains on the accepted samples
(:func:`tradeoff.train.from_pool.pool_training_data`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tradeoff.backends import Backend
from tradeoff.cost.prices import load_prices
from tradeoff.errors import BackendError, ConfigError
from tradeoff.pools.sample import PoolSpec, Progress, SampleReport
from tradeoff.run.ops import open_ledger, sample
from tradeoff.synth.accepted import Attempts, attempts, pool_accepted
from tradeoff.synth.cost import DataCost, price_attempts


@dataclass(frozen=True, slots=True, kw_only=True)
class SynthReport:
    """One ``synthesize`` call: what was generated now, and the whole pool's acceptance and cost."""

    pool: str
    sampled: SampleReport
    attempts: Attempts
    cost: DataCost


def synthesize(
    spec: PoolSpec,
    run: Path,
    *,
    progress: Progress | None = None,
    backend: Backend | None = None,
    prices: Sequence[Path] = (),
) -> SynthReport:
    """Fill the teacher pool ``spec`` (train split) in ``run`` and report acceptance and cost.

    A :class:`~tradeoff.errors.BackendError` from the teacher is re-raised as one line that says how many
    samples are stored and that a re-run continues.
    """
    if spec.split != "train":
        raise ConfigError(f"synthetic data comes from the train split; pool {spec.name!r} asks for {spec.split!r}")
    table = load_prices(prices)  # a bad price file fails before the teacher is paid
    try:
        report = sample(spec, run, progress=progress, backend=backend)
    except BackendError as exc:
        with open_ledger(run) as ledger:
            kept = ledger.usage(spec.name).samples if ledger.pool_spec(spec.name) is not None else 0
        raise BackendError(
            f"teacher {spec.backend}/{spec.model} failed: {exc}; the {kept} samples already generated are kept "
            f"in {run}; re-run the same command to continue"
        ) from exc
    with open_ledger(run) as ledger:
        found = attempts(ledger, pool_accepted(ledger, spec.name))
    cost = price_attempts(
        backend=spec.backend,
        model=spec.model,
        backend_options=spec.backend_options,
        usage=found.usage,
        prices=table,
    )
    return SynthReport(pool=spec.name, sampled=report, attempts=found, cost=cost)


__all__ = ["SynthReport", "synthesize"]
