"""``experiment.md``: an experiment's recommendation by query volume, its break-evens and its stages. Render only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tradeoff.cost.plan import Plan
from tradeoff.reports.markdown import md_escape
from tradeoff.reports.model import Report


def render_experiment(
    *, name: str, description: str, target: float | None, report: Report, stages: Sequence[dict[str, Any]]
) -> str:
    """The Markdown page: the rule, one row per volume (recommendation and frontier), every break-even between
    configurations a reader sees, the target plan's switch interval, and each failed stage with its error."""
    rule = "the most accurate on the frontier" if target is None else f"the cheapest reaching {target:.0%} accuracy"
    paired = report.plan.paired
    if paired is not None:
        named = rule if target is not None else paired.rule.describe()
        rule = f"{named}, paired over {paired.problems} problems"
    lines = [f"# Experiment {md_escape(name)}", "", description, "", "## Recommendation by query volume", ""]
    lines += [f"Recommended: {rule} (`cost.target_accuracy` in the spec).", ""]
    lines += ["| queries | recommended | P(best) | frontier |", "| ---: | --- | ---: | --- |"]
    lines += [
        f"| {p.queries:,.0f} | {p.recommended} | {_p_best(p)} | {', '.join(p.frontier)} |" for p in report.decisions
    ]
    evens = _crossings(report) or ["- no two frontier configurations trade places"]
    lines += ["", "## Break-even volumes", "", *evens]
    lines += ["", "Figures, every configuration with its 95 % interval and the reasons: `report/report.html`."]
    failed = [r for r in stages if r["status"] == "failed"]
    lines += ["", "## Stages", "", f"{len(stages)} stages recorded, {len(failed)} failed.", ""]
    lines += [f"- `{r['stage']}` failed: {r['error']}" for r in failed]
    return "\n".join(lines) + "\n"


def _p_best(plan: Plan) -> str:
    return "—" if plan.paired is None else f"{plan.paired.choices[0].p_best:.0%}"


def _crossings(report: Report) -> list[str]:
    by_name = {p.configuration.name: p.configuration for p in report.plan.configurations}
    lines = []
    for c in report.crossings:
        even = c.even
        low, high = by_name[even.cheaper_below or c.first], by_name[even.cheaper_above or c.second]
        lines.append(
            f"- Q* = {even.queries:,.0f} queries: below it `{low.name}` ({low.accuracy.format()}) costs less, "
            f"above it `{high.name}` ({high.accuracy.format()})"
        )
    switch, target = report.plan.decision.switch, report.plan.decision.target
    if switch is not None and switch.no_switch < 1:
        lines.append(
            f"- the cheapest configuration reaching {target:.0%} changes at Q = {switch.median:,.0f} "
            f"[95 % over accuracy draws: {switch.low:,.0f}, {switch.high:,.0f}]; "
            f"it never changes in {switch.no_switch:.0%} of draws"
        )
    return lines


__all__ = ["render_experiment"]
