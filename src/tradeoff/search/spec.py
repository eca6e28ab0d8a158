"""``SearchSpec``: what a search run is (task, model, strategy, budgets, verifier), validated strictly.

Budget semantics (as in Snell et al. 2024 and search-and-learn): a budget N is the number of final paths
or samples — beam search and DVTS sample N steps per depth (m divides N), REBASE has width N, sequential
revisions write N attempts, adaptive self-consistency draws at most N samples. ``max_tokens`` bounds each
generation: one step for step-wise strategies, one whole attempt or sample otherwise.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradeoff.backends.variant import ModelVariant
from tradeoff.errors import ConfigError
from tradeoff.names import Name
from tradeoff.search.adaptive import AdaptiveConsistency, AdaptiveOptions
from tradeoff.search.base import SearchStrategy
from tradeoff.search.beam import BeamOptions, BeamSearch
from tradeoff.search.dvts import DVTS
from tradeoff.search.rebase import Rebase, RebaseOptions
from tradeoff.search.revisions import RevisionOptions, Revisions
from tradeoff.types import Split
from tradeoff.verifiers.steps import Aggregation

SearchStrategyName = Literal["beam", "dvts", "rebase", "revisions", "adaptive"]

_STRATEGIES: dict[str, tuple[Any, type[BaseModel]]] = {
    "beam": (BeamSearch, BeamOptions),
    "dvts": (DVTS, BeamOptions),
    "rebase": (Rebase, RebaseOptions),
    "revisions": (Revisions, RevisionOptions),
    "adaptive": (AdaptiveConsistency, AdaptiveOptions),
}

# Changing one of these changes the results: a search name may not be reused with other values.
IDENTITY_FIELDS = (
    "task",
    "task_options",
    "split",
    "backend",
    "model",
    "adapter",
    "strategy",
    "beam_width",
    "temperature",
    "max_tokens",
    "step_verifier",
    "step_verifier_options",
    "aggregate",
    "seed",
    "strategy_options",
)


class SearchSpec(BaseModel):
    """A search strategy at given budgets on the first ``limit`` problems of a task's split."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    name: Name
    task: str = "arithmetic"
    task_options: dict[str, Any] = Field(default_factory=dict)
    split: Split = "test"
    limit: int | None = Field(None, gt=0)
    backend: str = "hf"
    model: str = "smollm2-135m"
    adapter: str | None = None
    backend_options: dict[str, Any] = Field(default_factory=dict)
    strategy: SearchStrategyName = "beam"
    budgets: tuple[Annotated[int, Field(gt=0)], ...] = Field((4,), min_length=1)
    beam_width: int = Field(2, gt=0)
    temperature: float = Field(0.8, gt=0)
    max_tokens: int = Field(128, gt=0)
    step_verifier: str | None = None
    step_verifier_options: dict[str, Any] = Field(default_factory=dict)
    aggregate: Aggregation = "last"
    seed: int = 0
    strategy_options: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def parse(cls, data: dict[str, Any]) -> SearchSpec:
        """Validate ``data`` and the strategy's options and budgets; one line per problem found."""
        try:
            spec = cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'search'}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"invalid search spec: {problems}") from None
        strategy = spec.build()
        for budget in spec.budgets:
            strategy.check_budget(budget)
        if strategy.needs_scorer and spec.step_verifier is None:
            raise ConfigError(
                f"strategy {spec.strategy!r} ranks partial solutions with a step verifier; pass --step-verifier "
                "self_certainty (free, from log-probabilities) or a process reward model"
            )
        if spec.strategy == "adaptive" and spec.step_verifier is not None:
            raise ConfigError("adaptive self-consistency votes by majority and uses no verifier; drop --step-verifier")
        return spec

    @property
    def variant(self) -> ModelVariant:
        return ModelVariant(backend=self.backend, model=self.model, adapter=self.adapter, options=self.backend_options)

    def build(self) -> SearchStrategy:
        """The strategy with its options validated (unknown options are an error)."""
        cls, options_model = _STRATEGIES[self.strategy]
        try:
            options = options_model.model_validate(self.strategy_options)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"invalid --strategy-option for {self.strategy}: {problems}") from None
        return cls(width=self.beam_width, options=options)

    def check_compatible(self, stored: dict[str, Any]) -> None:
        """Refuse to reuse a search name for different results (budgets and limit may change)."""
        mine = self.model_dump(mode="json")
        changed = [f for f in IDENTITY_FIELDS if stored.get(f) != mine[f]]
        if changed:
            raise ConfigError(
                f"search {self.name!r} already exists with different {', '.join(changed)}; "
                "choose another --name or another run directory"
            )
