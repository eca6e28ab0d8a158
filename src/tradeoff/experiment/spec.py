"""The experiment spec: one YAML grid — tasks × model variants (base and trained) × strategies × budgets ×
verifiers × query volumes — parsed into pydantic models.

Every section forbids unknown keys (:mod:`tradeoff.experiment.yaml_lines` turns a misspelt key into an
error that names the line and the closest known key). Cross-references are checked here too: a training
variant's ``base`` must name a model, a strategy's ``verifier`` a verifier, and budgets must fit the
strategy (greedy has none; best-of and weighted need a verifier).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, model_validator

from tradeoff.backends.variant import ModelVariant
from tradeoff.limits import MAX_PROBLEMS, MAX_SAMPLES
from tradeoff.names import safe_name
from tradeoff.strategies.records import Strategy
from tradeoff.strategies.selection import Selection, selection_of
from tradeoff.train.options import LoraOptions
from tradeoff.types import SamplingParams, Split

_NAME = r"^[A-Za-z0-9_.+-]+$"
SpecName = Annotated[str, Field(pattern=_NAME), AfterValidator(safe_name)]  # never "." or ".."
Count = Annotated[int, Strict()]  # `true` or "2" is a mistake, not 1 or 2


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class TaskEntry(_Strict):
    """A task and which of its problems are evaluated."""

    name: str
    options: dict[str, Any] = Field(default_factory=dict)
    split: Split = "test"
    limit: int | None = Field(None, gt=0, le=MAX_PROBLEMS)


class ModelEntry(_Strict):
    """A base model variant: an engine and a model (optionally with an adapter trained elsewhere)."""

    name: SpecName
    backend: str = "hf"
    model: str = "smollm2-135m"
    adapter: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    evaluate: bool = True  # false: only a teacher, never evaluated on the tasks

    @property
    def variant(self) -> ModelVariant:
        return ModelVariant(backend=self.backend, model=self.model, adapter=self.adapter, options=self.options)


class DataEntry(_Strict):
    """Where training examples come from: the task's train split, or accepted samples of a teacher
    (``synthetic``) or of the base model itself (``self-distill``) on the train split."""

    source: Literal["train-split", "synthetic", "self-distill"] = "train-split"
    teacher: str | None = None  # a model name, for ``synthetic``
    problems: int | None = Field(None, gt=0)  # train problems attempted [default: the largest scale]
    samples_per_problem: int = Field(1, gt=0)  # attempts per problem; one accepted sample per problem is used
    temperature: float = Field(0.7, ge=0)
    max_tokens: int = Field(256, gt=0)

    @model_validator(mode="after")
    def _teacher(self) -> DataEntry:
        if self.source == "synthetic" and self.teacher is None:
            raise ValueError("synthetic data needs `teacher:` (the name of a model in `models`)")
        if self.source != "synthetic" and self.teacher is not None:
            raise ValueError(f"`teacher:` only applies to source: synthetic, not {self.source}")
        if self.temperature == 0 and self.samples_per_problem > 1:
            raise ValueError("greedy attempts (temperature 0) give one answer per problem; set samples_per_problem: 1")
        return self


class TrainingEntry(_Strict):
    """A training variant: LoRA on ``base`` with data from ``data``, at each of the data ``scales``
    (nested subsets: the 100-example data is the first 100 of the 500-example data)."""

    name: SpecName
    base: str
    task: str | None = None  # default: the first task
    task_options: dict[str, Any] | None = None  # default: that task's options
    data: DataEntry = Field(default_factory=DataEntry)  # type: ignore[arg-type]
    scales: list[Count] = Field(default_factory=lambda: [500], min_length=1)
    lora: LoraOptions = Field(default_factory=LoraOptions)

    @model_validator(mode="after")
    def _scales(self) -> TrainingEntry:
        if any(s <= 0 for s in self.scales) or len(set(self.scales)) != len(self.scales):
            raise ValueError("scales must be distinct positive numbers of examples")
        if max(self.scales) > MAX_PROBLEMS:
            raise ValueError(f"scales above {MAX_PROBLEMS:,} examples are refused (tradeoff.limits)")
        if self.data.problems is not None and self.data.problems < max(self.scales):
            raise ValueError(f"data.problems ({self.data.problems}) is below the largest scale ({max(self.scales)})")
        return self


class StrategyEntry(_Strict):
    """A pool strategy at budgets k (samples per query). ``greedy`` has no budget; ``weighted`` and
    ``best_of`` need a verifier."""

    name: Strategy
    budgets: list[Count] = Field(default_factory=list)
    verifier: str | None = None

    @model_validator(mode="after")
    def _fits(self) -> StrategyEntry:
        if self.name == "greedy":
            if self.budgets:
                raise ValueError("greedy decoding has no budget; remove `budgets:` (it is one sample per query)")
            return self
        if not self.budgets:
            raise ValueError(f"strategy {self.name} needs `budgets:` (samples per query, e.g. [1, 2, 4, 8])")
        if any(k <= 0 for k in self.budgets):
            raise ValueError("budgets must be positive numbers of samples")
        if max(self.budgets) > MAX_SAMPLES:
            raise ValueError(f"budgets above {MAX_SAMPLES} samples per problem are refused (tradeoff.limits)")
        if self.name in ("weighted", "best_of") and self.verifier is None:
            raise ValueError(f"strategy {self.name} ranks samples by a verifier; add `verifier: self_certainty`")
        if self.name not in ("weighted", "best_of") and self.verifier is not None:
            raise ValueError(f"strategy {self.name} does not use a verifier; remove `verifier:`")
        return self


class SearchEntry(_Strict):
    """A search strategy (``tradeoff search``) run per budget on every model variant and task."""

    strategy: str
    budgets: list[Annotated[int, Strict(), Field(gt=0, le=MAX_SAMPLES)]] = Field(min_length=1)
    beam_width: int | None = Field(None, gt=0)
    step_verifier: str | None = None
    step_verifier_options: dict[str, Any] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)
    max_tokens: int | None = Field(None, gt=0)
    temperature: float | None = Field(None, ge=0)


class DifficultyEntry(_Strict):
    """The per-difficulty compute-optimal study (Snell et al. 2024) over every sampled pool: problems binned by
    difficulty, the best strategy and budget per bin chosen on one half and evaluated on the other."""

    bins: int = Field(5, ge=2)
    source: Literal["oracle", "verifier", "agreement"] = "oracle"
    verifier: str | None = None  # ranks samples for weighted / best-of (and is the source with `verifier`)

    @model_validator(mode="after")
    def _needs(self) -> DifficultyEntry:
        if self.source == "verifier" and self.verifier is None:
            raise ValueError("difficulty from verifier scores needs `verifier:` (e.g. self_certainty)")
        return self


class CostEntry(_Strict):
    """How configurations are priced: a hardware profile of the price table, extra price files, volumes."""

    hardware: str = "cpu-core"
    prices: list[str] = Field(default_factory=list)
    queries: list[Annotated[float, Strict()]] = Field(default_factory=lambda: [1e3, 1e4, 1e5, 1e6], min_length=1)
    target_accuracy: float | None = Field(None, ge=0, le=1)  # recommend the cheapest reaching it (else most accurate)

    def prices_paths(self) -> list[Path]:
        return [Path(p) for p in self.prices]

    @model_validator(mode="after")
    def _volumes(self) -> CostEntry:
        if any(not q > 0 for q in self.queries):
            raise ValueError("query volumes must be > 0")
        return self


class ExperimentSpec(_Strict):
    """The whole grid. ``run_dir`` defaults to ``runs/<name>``."""

    name: SpecName
    description: str = ""
    hardware_notes: str = ""  # what the recipe expects (GPU type, memory), shown by --dry-run
    run_dir: str | None = None
    tasks: list[TaskEntry] = Field(min_length=1)
    models: list[ModelEntry] = Field(min_length=1)
    training: list[TrainingEntry] = Field(default_factory=list)
    sampling: SamplingParams = Field(
        default_factory=lambda: SamplingParams.model_validate({"temperature": 0.7, "max_tokens": 256})
    )
    strategies: list[StrategyEntry] = Field(min_length=1)
    search: list[SearchEntry] = Field(default_factory=list)
    verifiers: dict[str, dict[str, Any]] = Field(default_factory=dict)  # verifier name → options
    difficulty: DifficultyEntry | None = None
    cost: CostEntry = Field(default_factory=CostEntry)  # type: ignore[arg-type]
    seed: int = 0

    @model_validator(mode="after")
    def _references(self) -> ExperimentSpec:
        models = [m.name for m in self.models]
        variants = models + [f"{t.name}-{s}" for t in self.training for s in t.scales]
        if len(set(variants)) != len(variants):
            raise ValueError(f"model and training variant names must be unique, got {variants}")
        tasks = [t.name for t in self.tasks]
        for entry in self.training:
            if entry.base not in models:
                raise ValueError(f"training {entry.name!r}: base {entry.base!r} is not a model; known: {models}")
            if entry.data.teacher is not None and entry.data.teacher not in models:
                raise ValueError(f"training {entry.name!r}: teacher {entry.data.teacher!r} is not a model")
            if entry.task is not None and entry.task not in tasks:
                raise ValueError(f"training {entry.name!r}: task {entry.task!r} is not in tasks {tasks}")
        if self.sampling.temperature == 0 and any(s.name != "greedy" for s in self.strategies):
            raise ValueError("sampling.temperature is 0, so a pool has one answer per problem; set e.g. 0.7")
        return self

    def max_budget(self) -> int:
        """Samples per problem the sampled pool needs: the largest budget of any pool strategy."""
        return max((k for s in self.strategies for k in s.budgets), default=0)

    def selection(self) -> Selection:
        """The configurations to price: exactly the spec's strategies × budgets × verifiers."""
        return selection_of((s.name, s.budgets, s.verifier) for s in self.strategies)

    def verifier_names(self) -> list[str]:
        named = [s.verifier for s in self.strategies] + [self.difficulty.verifier if self.difficulty else None]
        return sorted({v for v in named if v is not None})


__all__ = [
    "CostEntry",
    "DataEntry",
    "DifficultyEntry",
    "ExperimentSpec",
    "ModelEntry",
    "SearchEntry",
    "StrategyEntry",
    "TaskEntry",
    "TrainingEntry",
]
