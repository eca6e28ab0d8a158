"""Training examples from the accepted samples of a stored pool: synthetic data or self-distillation.

One code path for both: a teacher's pool (``tradeoff synth``) gives **synthetic** data; the student's own
pool on the train split gives **self-distillation** (STaR, Zelikman et al. 2022: the model's own correct
rationales become its training data, so inference compute is turned into training data and its cost carried
over into the fine-tuned model's fixed cost).

An example is the student's evaluation prompt for the problem (``task.messages(problem)``, as in
:mod:`tradeoff.train.data`) and an accepted sample's text as the target (:func:`~tradeoff.synth.accepted.
is_accepted`). At most ``per_problem`` accepted samples per problem are kept (lowest sample indices first),
in problem order, so the first ``examples`` examples are a prefix of the full list: data-scale variants
(100, 500, all) are nested. Their cost and acceptance rate count every attempt on the problems up to the
last one used, rejected ones included (all of the pool's for "all"), so a variant costs what producing it cost.

Hygiene as for the train split: the problems used are compared with the evaluation split
(:func:`~tradeoff.train.data.overlap`); overlap is refused unless ``force``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from tradeoff.cost.prices import load_prices
from tradeoff.errors import ConfigError, DataError
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import open_ledger
from tradeoff.synth.accepted import Attempts, PoolAccepted, attempts, pool_accepted
from tradeoff.synth.cost import price_attempts
from tradeoff.tasks import get_task
from tradeoff.train.data import Example, TrainingData, overlap

DataKind = Literal["synthetic", "self-distillation"]
LOCAL_BACKENDS = ("hf", "vllm", "llamacpp", "mock")


@dataclass(frozen=True, slots=True)
class PoolData:
    """The examples and the ``data`` entry of ``training.json`` that describes where they came from."""

    data: TrainingData
    record: dict[str, Any]


def infer_kind(backend: str, model: str, adapter: str | None, *, student: str) -> DataKind:
    """Self-distillation when the pool's model is the student's base model (no adapter), else synthetic."""
    same = backend in LOCAL_BACKENDS and adapter is None and Path(model).name == Path(student).name
    return "self-distillation" if same else "synthetic"


def _select(found: PoolAccepted, per_problem: int, examples: int | None) -> tuple[list[tuple[int, Any]], int]:
    """``(problem position, sample)`` pairs in order, cut to ``examples``; and the problems paid for: all of the
    pool's without a cut, else those up to the last one used."""
    chosen = [(i, s) for i, kept in enumerate(found.accepted) for s in kept[:per_problem]]
    if not chosen:
        tried = sum(found.attempted)
        raise DataError(
            f"pool {found.pool!r} has no accepted samples (0 correct of {tried}); "
            "sample more (tradeoff synth / tradeoff sample on the train split) or use another pool"
        )
    if examples is None:
        return chosen, len(found.problems)
    if examples > len(chosen):
        raise ConfigError(
            f"pool {found.pool!r} has {len(chosen)} accepted examples (at most {per_problem} per problem); "
            f"lower --examples or sample more problems"
        )
    chosen = chosen[:examples]
    return chosen, chosen[-1][0] + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolExamples:
    """Which accepted samples of a pool become examples: at most ``per_problem`` per problem, the first
    ``examples`` of them (all when ``None``), checked against the first ``eval_limit`` problems of the evaluation
    split (an overlap is refused unless ``force``)."""

    per_problem: int = 1
    examples: int | None = None
    eval_limit: int | None = None
    force: bool = False


def pool_training_data(
    run: Path,
    pool: str,
    *,
    student: str,
    kind: DataKind | None = None,
    select: PoolExamples = PoolExamples(),
    prices: Sequence[Path] = (),
) -> PoolData:
    """Examples from ``pool`` of ``run`` for training ``student``; see the module doc."""
    if select.per_problem <= 0 or (select.examples is not None and select.examples <= 0):
        raise ConfigError(
            f"--per-problem and --examples must be positive, got {select.per_problem} and {select.examples}"
        )
    table = load_prices(prices)
    with open_ledger(run) as ledger:
        found = pool_accepted(ledger, pool)
        chosen, span = _select(found, select.per_problem, select.examples)
        tried = attempts(ledger, found, problems=span)
    spec = found.spec
    task = get_task(spec.task, **spec.task_options)
    report = overlap(found.problems[:span], task.problems("test", limit=select.eval_limit))
    if report.total and not select.force:
        raise ConfigError(
            f"{report.total} problems of pool {pool!r} ({report.exact} exact, {report.normalised} normalised) also "
            f"appear in the evaluation split (e.g. {', '.join(report.ids[:3])}); sample the train split, or pass "
            "--force to train on them anyway"
        )
    built = tuple(
        Example(
            id=f"{found.problems[i].id}#{s.sample_index}",
            messages=task.messages(found.problems[i]),
            target=s.generation.text.strip(),
        )
        for i, s in chosen
    )
    cost = price_attempts(
        backend=spec.backend, model=spec.model, backend_options=spec.backend_options, usage=tried.usage, prices=table
    )
    record = {
        "source": kind or infer_kind(spec.backend, spec.model, spec.adapter, student=student),
        "run": str(run),
        "pool": pool,
        "task": dict(task.spec()),
        **_teacher(spec),
        "examples": len(built),
        "per_problem": select.per_problem,
        "problems": span,
        **_attempts(tried),
        "cost": cost.to_dict(),
        "overlap": {**asdict(report), "ids": list(report.ids)},
        "forced": select.force,
    }
    return PoolData(TrainingData(built, report), record)


def _teacher(spec: PoolSpec) -> dict[str, Any]:
    """Where the pool's samples came from: its split, model variant and sampling settings."""
    return {
        "split": spec.split,
        "teacher": {"backend": spec.backend, "model": spec.model, "adapter": spec.adapter},
        "sampling": spec.sampling.model_dump(mode="json"),
    }


def _attempts(tried: Attempts) -> dict[str, Any]:
    """What producing the examples took: every attempt on the problems used, rejected ones included."""
    return {
        "attempted": tried.attempted,
        "accepted": tried.accepted,
        "solved": tried.solved,
        "acceptance_rate": tried.acceptance_rate,
        "tokens": {
            "prompt": tried.usage.prompt_tokens,
            "prefill": tried.usage.prefill_tokens,
            "completion": tried.usage.completion_tokens,
        },
    }


__all__ = ["LOCAL_BACKENDS", "DataKind", "PoolData", "PoolExamples", "infer_kind", "pool_training_data"]
