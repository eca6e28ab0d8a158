"""Compute-optimal plans from a fitted (or published) law, each quantity with its interval and the reasons.

- ``chinchilla_plan``: N*(C), D*(C) for a training budget C = 6·N·D (Hoffmann et al. 2022, approach 3;
  closed form in ``chinchilla``).
- ``inference_aware_plan``: the (N, D_tr) of least lifetime FLOPs 6·N·D_tr + 2·N·D_inf reaching a target
  loss (Sardana et al. 2024; ``inference_aware``).
- ``t2_plan``: the joint (N, D, k) of lowest loss within a training budget, an inference budget and a query
  volume (Roberts et al. 2026; ``t2_optimum``).

Intervals: the plan is recomputed for every bootstrap refit of the law and the 95 % percentile interval
taken over them (``_intervals``); a plan from published constants has none, and says so. Refits for which
the plan does not exist (a refit whose irreducible loss E lies above the target) are left out and counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from tradeoff.errors import ConfigError
from tradeoff.laws._intervals import percentile_interval
from tradeoff.laws.chinchilla import BESIROGLU_2024, HOFFMANN_2022, ChinchillaLaw
from tradeoff.laws.inference_aware import inference_aware_optimum
from tradeoff.laws.t2 import T2LossLaw, t2_loss_optimum
from tradeoff.laws.t2_optimum import Budgets, T2Plan
from tradeoff.stats import Estimate

PUBLISHED: dict[str, ChinchillaLaw] = {"besiroglu-2024": BESIROGLU_2024, "hoffmann-2022": HOFFMANN_2022}
CHINCHILLA_RATIO = 20.0  # Hoffmann et al.'s rule of thumb, tokens per parameter

L = TypeVar("L")


@dataclass(frozen=True, slots=True)
class PlanRow:
    name: str
    estimate: Estimate
    spec: str  # how to print the numbers, e.g. ".3g"


@dataclass(frozen=True, slots=True)
class LawPlan:
    """A planner's answer: its quantities with intervals, where the law came from, and why."""

    law: str
    question: str  # what was asked, e.g. "training budget C = 1e+24 FLOPs"
    source: str
    rows: tuple[PlanRow, ...]
    reasons: tuple[str, ...]

    def value(self, name: str) -> float:
        return next(r.estimate.value for r in self.rows if r.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "question": self.question,
            "source": self.source,
            "plan": {r.name: estimate_dict(r.estimate) for r in self.rows},
            "reasons": list(self.reasons),
        }


def estimate_dict(estimate: Estimate) -> dict[str, Any]:
    """An estimate as JSON-ready values: a missing bound (NaN) becomes None."""
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(estimate).items()}


def published_law(name: str) -> ChinchillaLaw:
    if name not in PUBLISHED:
        raise ConfigError(f"unknown published law {name!r}; choose one of {', '.join(PUBLISHED)}")
    return PUBLISHED[name]


def _rows(
    quantities: Sequence[tuple[str, str, Callable[[L], float]]], best: L, refits: Sequence[L], n: int
) -> tuple[PlanRow, ...]:
    return tuple(
        PlanRow(name, percentile_interval(get(best), [get(r) for r in refits], n=n), spec)
        for name, spec, get in quantities
    )


def _interval_reason(refits: int, n: int, failed: int = 0) -> str:
    if not refits:
        return "no intervals: the law's constants come without bootstrap refits"
    tail = f"; {failed} refits have no such plan and are left out" if failed else ""
    return f"intervals: 95 % percentile bootstrap over the {n} points ({refits} refits){tail}"


def chinchilla_plan(
    law: ChinchillaLaw, *, compute: float, source: str, refits: Sequence[ChinchillaLaw] = (), n: int = 0
) -> LawPlan:
    """The loss-minimising (N, D) for a training budget of ``compute`` FLOPs."""
    best = law.optimum(compute)
    others = [r.optimum(compute) for r in refits]
    rows = _rows(
        [
            ("params", ".3g", lambda o: o.params),
            ("tokens", ".3g", lambda o: o.tokens),
            ("tokens_per_param", ".1f", lambda o: o.tokens_per_param),
            ("loss", ".4f", lambda o: o.loss),
        ],
        best,
        others,
        n,
    )
    s = law.alpha + law.beta
    trend = (
        "constant in C (alpha = beta)"
        if abs(law.alpha - law.beta) < 1e-9
        else f"{'growing' if law.alpha > law.beta else 'shrinking'} with C as C^{(law.alpha - law.beta) / s:.3f}"
    )
    reasons = (
        f"L(N, D) = {law.E:.4g} + {law.A:.4g}/N^{law.alpha:.4f} + {law.B:.4g}/D^{law.beta:.4f} ({source})",
        f"at C = 6·N·D = {compute:.3g} FLOPs the loss is lowest at N* = G·(C/6)^(beta/(alpha+beta)) = "
        f"{best.params:.3g} parameters and D* = {best.tokens:.3g} tokens (loss {best.loss:.4f})",
        f"{best.tokens_per_param:.1f} tokens per parameter "
        f"({'more' if best.tokens_per_param > CHINCHILLA_RATIO else 'fewer'} than the rule of thumb of 20), {trend}",
        _interval_reason(len(others), n),
    )
    return LawPlan("chinchilla", f"training budget C = {compute:.3g} FLOPs", source, rows, reasons)


def inference_aware_plan(
    law: ChinchillaLaw,
    *,
    target_loss: float,
    inference_tokens: float,
    source: str,
    refits: Sequence[ChinchillaLaw] = (),
    n: int = 0,
) -> LawPlan:
    """The (N, D_tr) of least training + inference FLOPs reaching ``target_loss``, serving ``inference_tokens``."""
    best = inference_aware_optimum(law, target_loss=target_loss, inference_tokens=inference_tokens)
    others = []
    for refit in refits:
        try:
            others.append(inference_aware_optimum(refit, target_loss=target_loss, inference_tokens=inference_tokens))
        except ConfigError:
            continue  # this refit's irreducible loss lies above the target
    rows = _rows(
        [
            ("params", ".3g", lambda o: o.optimal.params),
            ("train_tokens", ".3g", lambda o: o.optimal.train_tokens),
            ("tokens_per_param", ".1f", lambda o: o.optimal.tokens_per_param),
            ("train_flops", ".3g", lambda o: o.optimal.train_flops),
            ("inference_flops", ".3g", lambda o: o.optimal.inference_flops),
            ("total_flops", ".3g", lambda o: o.optimal.total_flops),
            ("saving", ".1%", lambda o: o.saving),
        ],
        best,
        others,
        n,
    )
    opt, ref = best.optimal, best.chinchilla
    reasons = (
        f"L(N, D) = {law.E:.4g} + {law.A:.4g}/N^{law.alpha:.4f} + {law.B:.4g}/D^{law.beta:.4f} ({source})",
        f"serving {inference_tokens:.3g} tokens costs 2·N FLOPs per token, so a smaller model trained longer "
        f"reaches loss {target_loss:g} for less lifetime compute",
        f"N = {opt.params:.3g} trained on {opt.train_tokens:.3g} tokens ({opt.tokens_per_param:.1f} per parameter) "
        f"minimises 6·N·D_tr + 2·N·D_inf = {opt.total_flops:.3g} FLOPs at L = {target_loss:g}",
        f"the Chinchilla-optimal model for that loss (N = {ref.params:.3g}, {ref.tokens_per_param:.1f} tokens per "
        f"parameter) would cost {ref.total_flops:.3g} FLOPs serving the same demand; this plan saves {best.saving:.1%}",
        _interval_reason(len(others), n, len(refits) - len(others)),
    )
    question = f"target loss {target_loss:g} serving {inference_tokens:.3g} inference tokens"
    return LawPlan("inference-aware", question, source, rows, reasons)


def t2_plan(
    law: T2LossLaw,
    budgets: Budgets,
    *,
    source: str,
    refits: Sequence[T2LossLaw] = (),
    n: int = 0,
    max_samples: int = 10_000,
    measured_samples: float | None = None,
) -> LawPlan:
    """The (N, D, k) of lowest L(N, D, k) within a training budget, an inference budget and Q queries;
    ``measured_samples`` (the largest k fitted) flags a k beyond it as an extrapolation."""

    def optimum(w: T2LossLaw) -> T2Plan:
        return t2_loss_optimum(w, **asdict(budgets), max_samples=max_samples)

    best = optimum(law)
    others = [optimum(r) for r in refits]
    rows = _rows(
        [
            ("params", ".3g", lambda p: p.params),
            ("tokens", ".3g", lambda p: p.tokens),
            ("samples", ".0f", lambda p: float(p.samples)),
            ("tokens_per_param", ".1f", lambda p: p.tokens_per_param),
            ("inference_flops", ".3g", lambda p: p.inference_flops),
            ("loss", ".4f", lambda p: p.value),
        ],
        best,
        others,
        n,
    )
    reasons: tuple[str, ...] = (
        *_t2_reasons(law, best, budgets, source=source, max_samples=max_samples),
        _interval_reason(len(others), n),
    )
    if measured_samples is not None and best.samples > measured_samples:
        reasons += (f"k = {best.samples} lies beyond the largest k fitted ({measured_samples:g}): an extrapolation",)
    return LawPlan("t2", budgets.describe(), source, rows, reasons)


def _t2_reasons(law: T2LossLaw, best: T2Plan, b: Budgets, *, source: str, max_samples: int) -> tuple[str, ...]:
    """The law, the two costs, whether the inference budget binds, and the sampling term's share of the loss."""
    cap = b.inference_flops / (2.0 * b.tokens_per_answer * best.samples * b.queries)
    binds = best.params < best.chinchilla_params * (1 - 1e-9)
    return (
        f"L(N, D, k) = {law.E:.4g} + {law.A:.4g}/N^{law.alpha:.4f} + {law.B:.4g}/D^{law.beta:.4f} + "
        f"{law.G:.4g}/k^{law.gamma:.4f} ({source})",
        f"training costs 6·N·D = {b.train_flops:.3g} FLOPs; {b.queries:.3g} queries of {b.tokens_per_answer:g} tokens "
        f"with k samples cost 2·N·T·k·Q <= {b.inference_flops:.3g} FLOPs",
        (
            f"k = {best.samples} samples per query: the inference budget caps the model at "
            f"N = C_inf/(2·T·k·Q) = {cap:.3g}, below the training-only optimum N* = {best.chinchilla_params:.3g}; "
            f"the smaller model is trained on {best.tokens_per_param:.1f} tokens per parameter"
            if binds
            else f"k = {best.samples}: the inference budget does not bind, so N is the training-only optimum "
            f"N* = {best.chinchilla_params:.3g}"
        ),
        f"predicted loss {best.value:.4f}, of which G/k^gamma = {law.G / best.samples**law.gamma:.4f} is the "
        f"sampling term (k searched over 1..{max_samples})",
    )
