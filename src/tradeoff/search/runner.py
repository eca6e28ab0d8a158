"""Run a search spec over a task's problems at each budget, resumably, and summarise it per budget.

The runner builds one coroutine per (problem, budget) still missing from the ledger and drives up to
``window`` of them at once: each round it gathers every live coroutine's requests into a single
``backend.generate`` call (the backend batches rows across prompts), hands each coroutine its own
generations back, and stores each search the moment it finishes, in one transaction with its nodes. A
kill loses at most the searches in flight; a re-run recomputes only those.

Final answers are scored with the task (``extract``, then ``equivalent`` against the gold answer), and
accuracy per budget carries a Wilson 95 % interval (:func:`tradeoff.stats.wilson`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tradeoff.backends import Backend, get_backend
from tradeoff.errors import ConfigError
from tradeoff.ledger import Ledger
from tradeoff.pools.sample import Progress
from tradeoff.run.ops import open_ledger
from tradeoff.search import store
from tradeoff.search.base import Context, PathScorer, Search, SearchCost, SearchOutcome, SearchStrategy
from tradeoff.search.scorers import get_step_scorer
from tradeoff.search.spec import SearchSpec
from tradeoff.stats import Estimate, wilson
from tradeoff.tasks import get_task
from tradeoff.tasks.base import Task
from tradeoff.types import ExtractionMethod, GenerationRequest, Problem, SamplingParams, Usage
from tradeoff.verifiers.steps import STEP_SEPARATOR

K = TypeVar("K")

CONTINUES_FINAL_MESSAGE = frozenset({"hf", "mock"})
"""Backends that continue a final assistant message (step-wise strategies need it)."""


@dataclass(frozen=True, slots=True)
class SearchPoint:
    """One strategy at one budget: accuracy with its 95 % CI and the mean cost per problem."""

    name: str
    strategy: str
    budget: int
    problems: int
    accuracy: Estimate
    samples: float
    generated_tokens: float
    prompt_tokens: float
    prefill_tokens: float
    verifier_tokens: float
    seconds: float


@dataclass(frozen=True, slots=True)
class SearchReport:
    """What one :func:`run_search` call did: searches computed now, searches already stored, their cost."""

    name: str
    problems: int
    computed: int
    stored: int
    cost: SearchCost
    points: list[SearchPoint]


def drive(items: Sequence[tuple[K, Search]], backend: Backend, *, window: int) -> Iterator[tuple[K, SearchOutcome]]:
    """Run coroutines ``(key, search)`` in lockstep, up to ``window`` at once; yields ``(key, outcome)``."""
    pending = list(items)[::-1]
    live: list[tuple[K, Search, list[GenerationRequest]]] = []
    while pending or live:
        while pending and len(live) < window:
            key, search = pending.pop()
            try:
                live.append((key, search, next(search)))
            except StopIteration as done:
                yield key, done.value
        if not live:
            continue
        replies = backend.generate([r for _, _, asked in live for r in asked])
        start, still = 0, []
        for key, search, asked in live:
            mine, start = replies[start : start + len(asked)], start + len(asked)
            try:
                still.append((key, search, search.send(mine)))
            except StopIteration as done:
                yield key, done.value
        live = still


@dataclass(frozen=True, slots=True)
class _Setup:
    """What a spec resolves to before any generation: the strategy, step scorer, task, problems and decoding."""

    strategy: SearchStrategy
    scorer: PathScorer | None
    task: Task
    problems: list[Problem]
    params: SamplingParams

    @classmethod
    def of(cls, spec: SearchSpec) -> _Setup:
        strategy = spec.build()
        scorer: PathScorer | None = None
        if spec.step_verifier is not None:
            scorer = get_step_scorer(spec.step_verifier, **spec.step_verifier_options)
        task = get_task(spec.task, **spec.task_options)
        problems = task.problems(spec.split, limit=spec.limit)
        params = SamplingParams.checked(
            temperature=spec.temperature,
            max_tokens=spec.max_tokens,
            seed=spec.seed,
            logprobs=scorer is not None and scorer.logprobs,
            stop=(STEP_SEPARATOR,) if strategy.stepwise else (),
        )
        return cls(strategy, scorer, task, problems, params)


_Todo = list[tuple[int, Problem, int]]  # (position, problem, budget) of each search still missing


def run_search(
    run: Path, spec: SearchSpec, *, backend: Backend | None = None, progress: Progress | None = None
) -> SearchReport:
    """Run ``spec`` in run directory ``run`` (resuming), store every search, and return the points.

    ``backend``: an engine already built for ``spec``'s model (the caller keeps and closes it).
    """
    spec = SearchSpec.parse(spec.model_dump())
    setup = _Setup.of(spec)
    engine = backend or get_backend(spec.backend, spec.model, adapter=spec.adapter, **spec.backend_options)
    try:
        continues = getattr(engine, "continues_final_message", engine.name in CONTINUES_FINAL_MESSAGE)
        if setup.strategy.stepwise and not continues:
            raise ConfigError(
                f"strategy {spec.strategy!r} continues partial answers step by step, which backend {engine.name!r} "
                "does not support here; use --backend hf, or --strategy revisions/adaptive"
            )
        with open_ledger(run, create=True) as ledger:
            todo = _start(ledger, spec, setup.problems)
            if progress is not None:
                progress.start(len(todo))
            total = _search(ledger, spec, setup, engine, todo, progress)
            points = ledger_points(ledger, spec.name, limit=spec.limit)
        stored_count = len(spec.budgets) * len(setup.problems) - len(todo)
        return SearchReport(spec.name, len(setup.problems), len(todo), stored_count, total, points)
    finally:
        if backend is None:
            engine.close()


def _start(ledger: Ledger, spec: SearchSpec, problems: list[Problem]) -> _Todo:
    """Record the spec (refusing one incompatible with the stored spec of that name) and list what is missing."""
    stored = store.stored_search(ledger, spec.name)
    if stored is not None:
        spec.check_compatible(stored)
    store.save_spec(ledger, spec.name, spec.model_dump(mode="json"))
    done = store.finished(ledger, spec.name)
    return [
        (position, problem, budget)
        for budget in spec.budgets
        for position, problem in enumerate(problems)
        if (problem.id, spec.strategy, budget) not in done
    ]


def _search(
    ledger: Ledger, spec: SearchSpec, setup: _Setup, engine: Backend, todo: _Todo, progress: Progress | None
) -> SearchCost:
    """Drive every missing search, scoring and storing each as it finishes; what they cost together."""
    task, strategy = setup.task, setup.strategy
    contexts = {
        p.id: Context(
            problem=p,
            messages=task.messages(p),
            params=setup.params,
            task=task,
            scorer=setup.scorer,
            aggregate=spec.aggregate,
        )
        for _, p, _ in todo
    }
    items: list[tuple[tuple[int, Problem, int], Search]] = [
        ((pos, p, b), strategy.search(contexts[p.id], b)) for pos, p, b in todo
    ]
    window = max(1, engine.batch_size // max(strategy.round_size(b) for b in spec.budgets))
    total = SearchCost()
    for (position, problem, budget), outcome in drive(items, engine, window=window):
        extraction = task.extract(outcome.text)
        answered = extraction.method is not ExtractionMethod.NONE and extraction.answer is not None
        correct = answered and task.equivalent([str(extraction.answer)], [problem.answer]) == [True]
        result = store.FinishedSearch(
            name=spec.name,
            strategy=spec.strategy,
            budget=budget,
            problem=problem,
            position=position,
            outcome=outcome,
            extraction=extraction,
            correct=correct,
        )
        store.save_result(ledger, result)
        total += outcome.cost
        if progress is not None:
            progress.advance(1, _usage(outcome.cost))
    return total


def search_points(run: Path, name: str | None = None) -> list[SearchPoint]:
    """Accuracy and mean cost per (search, strategy, budget) from the stored results of ``run``."""
    with open_ledger(run) as ledger:
        return ledger_points(ledger, name)


def ledger_points(ledger: Ledger, name: str | None, *, limit: int | None = None) -> list[SearchPoint]:
    groups: dict[tuple[str, str, int], list[tuple[float, ...]]] = {}
    for row in store.result_rows(ledger, name, limit=limit):
        groups.setdefault((row[0], row[1], int(row[2])), []).append(tuple(float(v) for v in row[3:]))
    points = []
    for (search, strategy, budget), rows in groups.items():
        n = len(rows)
        mean = [sum(r[i] for r in rows) / n for i in range(7)]
        points.append(
            SearchPoint(
                search,
                strategy,
                budget,
                n,
                wilson(int(sum(r[0] for r in rows)), n),
                *mean[1:],
            )
        )
    return points


def _usage(cost: SearchCost) -> Usage:
    return Usage(
        prompt_tokens=cost.prompt_tokens,
        prefill_tokens=cost.prefill_tokens,
        completion_tokens=cost.completion_tokens,
        seconds=cost.seconds,
        samples=cost.generations,
    )
