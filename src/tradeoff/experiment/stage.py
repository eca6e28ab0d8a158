"""The vocabulary of running an experiment: a :class:`Stage` (a typed :class:`Job` with its content key and the
stages it reads), the :class:`Context` a job runs in, and the :class:`Outcome` the runner records.

Each stage kind is a small frozen job type with one method, ``run(ctx) -> str`` (a one-line description of what
it produced): :mod:`tradeoff.experiment.jobs`. The runner dispatches on nothing; it calls ``stage.job.run``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol

from tradeoff.backends import Backend, ModelVariant
from tradeoff.experiment.executors import Executor
from tradeoff.experiment.spec import ExperimentSpec
from tradeoff.pools import PoolSpec, Progress
from tradeoff.run.handle import Run

Kind = Literal["data", "train", "pool", "search", "verify", "curves", "difficulty", "plan", "report"]
FINAL: tuple[Kind, ...] = ("curves", "difficulty", "plan", "report")
ENGINE: tuple[Kind, ...] = ("data", "pool", "search")  # stages that generate with a model variant's engine
OutcomeStatus = Literal["ran", "cached", "failed", "blocked"]


class Job(Protocol):
    """One stage's work; ``kind`` names it in the stage cache and the output."""

    kind: ClassVar[Kind]

    def run(self, ctx: Context) -> str: ...


@dataclass(frozen=True, slots=True)
class Variant:
    """A named model variant every pool is sampled from: a base model, or one plus a trained adapter."""

    name: str
    model: ModelVariant
    trained_by: str | None = None  # the train stage that makes the adapter


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    key: str
    needs: tuple[str, ...]  # ids (kind:name) of the stages whose outputs this one reads
    job: Job
    variant: Variant | None = None  # the model variant whose engine the stage uses
    pool: PoolSpec | None = None  # the pool a pool stage fills (what the final stages read)

    @property
    def kind(self) -> Kind:
        return self.job.kind

    @property
    def ident(self) -> str:
        return f"{self.kind}:{self.name}"

    def describe(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True, slots=True)
class Outcome:
    stage: Stage
    status: OutcomeStatus
    seconds: float = 0.0
    detail: str = ""


class Monitor(Protocol):
    """Told of each stage as it starts and ends; gives a pool stage a sampling progress (or None)."""

    def started(self, stage: Stage, index: int, total: int) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...

    def sampling(self, stage: Stage) -> Progress | None: ...

    def training(self, stage: Stage) -> Callable[[int, int, float], None] | None:
        """A callback told (step, steps, loss) after each optimiser step of a local training stage."""
        ...


@dataclass(eq=False)
class Context:
    """What a job runs with: the spec, the run (one open ledger, curves computed once), the executor, the
    engines kept per model variant, the outcomes so far, and a memo the final stages share (the priced
    configurations, computed once for every plan and the report)."""

    spec: ExperimentSpec
    run: Run
    executor: Executor
    monitor: Monitor | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    engines: dict[str, Backend] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)
    current: Stage | None = None  # the stage being run (set by the runner)

    @property
    def root(self) -> Path:
        return self.run.path

    def engine(self) -> Backend:
        """The engine of the current stage's variant, built on first use and kept until its last stage."""
        stage = self.current
        assert stage is not None and stage.variant is not None
        if stage.variant.name not in self.engines:
            self.engines[stage.variant.name] = self.executor.backend(stage.variant.model)
        return self.engines[stage.variant.name]

    def progress(self) -> Progress | None:
        return None if self.monitor is None or self.current is None else self.monitor.sampling(self.current)

    def on_step(self) -> Callable[[int, int, float], None] | None:
        """The monitor's training callback, for a local executor only (a callback does not cross to Ray)."""
        if self.monitor is None or self.current is None or self.executor.name != "local":
            return None
        return self.monitor.training(self.current)

    def good_pools(self) -> list[PoolSpec]:
        """The pools whose stages ran or were done before (failed ones are left out of the finals)."""
        return [o.stage.pool for o in self.outcomes
                if o.stage.kind == "pool" and o.stage.pool is not None and o.status in ("ran", "cached")]  # fmt: skip

    def searched(self) -> list[str]:
        return [o.stage.name for o in self.outcomes if o.stage.kind == "search" and o.status in ("ran", "cached")]


__all__ = ["ENGINE", "FINAL", "Context", "Job", "Kind", "Monitor", "Outcome", "OutcomeStatus", "Stage", "Variant"]
