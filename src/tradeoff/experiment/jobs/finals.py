"""The final stages, over the run's one handle (each pool's curves computed once for all of them): ``curves``
(``curves.json`` and ``curves.png`` at the spec's budgets), ``difficulty`` (``difficulty.json``), ``plan`` (one
per query volume, ``plans/plan-Q.json``) and ``report`` (``report/`` and ``experiment.json`` /
``experiment.md``). Plans and the report price exactly the spec's strategies × budgets × verifiers, once."""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, replace
from typing import ClassVar

from tradeoff.cost.money import usd
from tradeoff.cost.plan import Plan
from tradeoff.cost.pricing import Priced
from tradeoff.errors import MissingDependencyError
from tradeoff.experiment.cache import StageCache
from tradeoff.experiment.spec import DifficultyEntry
from tradeoff.experiment.stage import Context, Kind
from tradeoff.run.handle import VerifierChoice
from tradeoff.run.plan import Pricing, Question, plans, priced
from tradeoff.secrets import redact
from tradeoff.strategies import PoolCurves, Strategy, select_points


def pricing(ctx: Context) -> Pricing:
    """The spec's pricing settings over the pools and searches that succeeded."""
    spec = ctx.spec
    return Pricing(hardware=spec.cost.hardware, prices=tuple(spec.cost.prices_paths()), selection=spec.selection(),
                   verifier_options=spec.verifiers, pools=tuple(p.name for p in ctx.good_pools()),
                   searches=tuple(ctx.searched()))  # fmt: skip


def configurations(ctx: Context) -> list[Priced]:
    """The priced configurations, computed once for every plan stage and the report."""
    if "priced" not in ctx.memo:
        ctx.memo["priced"] = priced(ctx.run, pricing(ctx))
    return ctx.memo["priced"]


def volume_plans(ctx: Context) -> dict[float, Plan]:
    """The plan at every volume of the spec, from one set of paired draws, computed once for every plan stage."""
    if "plans" not in ctx.memo:
        spec = ctx.spec
        question = Question(queries=max(spec.cost.queries), target=spec.cost.target_accuracy, seed=spec.seed)
        made = plans(pricing(ctx), question, configurations(ctx), volumes=spec.cost.queries)
        ctx.memo["plans"] = dict(zip(spec.cost.queries, made, strict=True))
    return ctx.memo["plans"]


@dataclass(frozen=True, slots=True)
class CurvesJob:
    kind: ClassVar[Kind] = "curves"

    def run(self, ctx: Context) -> str:
        from tradeoff.reports.curves import plot_curves
        from tradeoff.run.ops import write_curves

        items = spec_curves(ctx)
        written = [write_curves(ctx.root, items)]
        with contextlib.suppress(MissingDependencyError):  # no plot without matplotlib; the JSON has every figure
            written.append(plot_curves(items, ctx.root / "curves.png"))
        return "wrote " + ", ".join(str(p) for p in written)


def spec_curves(ctx: Context) -> list[PoolCurves]:
    """Every sampled pool's curves at the spec's budgets: verifier-free strategies, then each verifier's."""
    spec = ctx.spec
    ks = sorted({k for s in spec.strategies for k in s.budgets})
    plain: tuple[Strategy, ...] = ("sampled", "pass", *(s.name for s in spec.strategies if s.name == "majority"))
    items = []
    for pool in (p for p in ctx.good_pools() if not p.greedy):
        wanted = [k for k in ks if k <= pool.n]
        items.append(select_points(ctx.run.curves(pool.name), ks=wanted, strategies=plain))
        for name in spec.verifier_names():
            ranked: tuple[Strategy, ...] = tuple(s.name for s in spec.strategies if s.verifier == name)
            choice = VerifierChoice.of(name, spec.verifiers.get(name))
            items.append(select_points(ctx.run.curves(pool.name, choice), ks=wanted, strategies=ranked))
    return items


@dataclass(frozen=True, slots=True)
class DifficultyJob:
    kind: ClassVar[Kind] = "difficulty"

    study: DifficultyEntry

    def run(self, ctx: Context) -> str:
        from tradeoff.run.difficulty import difficulty_studies, write_studies
        from tradeoff.strategies.compute_optimal import StudyOptions

        s = self.study
        verifier = None if s.verifier is None else VerifierChoice.of(s.verifier, ctx.spec.verifiers.get(s.verifier))
        sampled = [p.name for p in ctx.good_pools() if not p.greedy]
        studies = difficulty_studies(ctx.run, options=StudyOptions(source=s.source, bins=s.bins), pools=sampled,
                                     verifier=verifier, seed=ctx.spec.seed)  # fmt: skip
        return f"{len(studies)} pools studied in {s.bins} levels → {write_studies(ctx.root, studies)}"


@dataclass(frozen=True, slots=True)
class PlanJob:
    kind: ClassVar[Kind] = "plan"

    queries: float

    def run(self, ctx: Context) -> str:
        result = volume_plans(ctx)[self.queries]
        ctx.run.write_json(f"plans/plan-{self.queries:g}.json", result.to_dict())
        best = result.chosen().configuration
        total = usd(best.total(self.queries))
        return f"at {self.queries:,.0f} queries: {result.recommended} ({best.accuracy.format()}, {total})"


@dataclass(frozen=True, slots=True)
class ReportJob:
    kind: ClassVar[Kind] = "report"

    def run(self, ctx: Context) -> str:
        """``report/`` (figures, HTML, Markdown, JSON) priced at the largest volume and drawn at every volume,
        then ``experiment.json`` / ``experiment.md``: every stage's status and the recommendation per volume."""
        from tradeoff.reports.experiment_md import render_experiment
        from tradeoff.reports.write import write_report
        from tradeoff.run.report import build_report

        spec = ctx.spec
        question = Question(queries=max(spec.cost.queries), target=spec.cost.target_accuracy, seed=spec.seed)
        built = build_report(ctx.run, pricing(ctx), question, volumes=spec.cost.queries,
                             configurations=configurations(ctx))  # fmt: skip
        files = write_report(built, ctx.root / "report")
        stages = [asdict(r) for r in StageCache(ctx.run.ledger).all()]
        plans = [replace(p, configurations=()).to_dict() for p in built.decisions]
        ctx.run.write_json("experiment.json", {"experiment": redact(spec.model_dump(mode="json")), "stages": stages,
                                               "plans": plans})  # fmt: skip
        page = render_experiment(name=spec.name, description=spec.description, target=spec.cost.target_accuracy,
                                 report=built, stages=stages)  # fmt: skip
        (ctx.root / "experiment.md").write_text(page)
        return f"wrote {ctx.root / 'experiment.md'}, {ctx.root / 'experiment.json'}, {files.html}"


__all__ = ["CurvesJob", "DifficultyJob", "PlanJob", "ReportJob", "configurations", "pricing", "spec_curves"]
