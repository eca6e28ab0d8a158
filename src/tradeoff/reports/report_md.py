"""The report's Markdown summary: recommendation, reasons, configurations, frontiers, utilisation. Render only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from tradeoff.cost.money import usd
from tradeoff.reports.markdown import md_escape
from tradeoff.reports.model import Report


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(report: Report, figures: Mapping[str, Path]) -> str:
    plan = report.plan
    shares = dict(plan.decision.on_frontier)
    configs = [
        [p.configuration.name, p.configuration.accuracy.format(), usd(p.configuration.fixed_cost),
         usd(p.configuration.per_query_cost), usd(p.configuration.total(plan.queries)),
         f"{shares.get(p.configuration.name, float('nan')):.0%}"]
        for p in plan.configurations
    ]  # fmt: skip
    parts = [
        f"# tradeoff report: {md_escape(report.run)}",
        f"## Recommendation at {plan.queries:,.0f} queries: {plan.recommended}",
        "\n".join(f"- {r}" for r in plan.reasons),
        "## Configurations",
        _table(["configuration", "accuracy [95 % CI]", "fixed $", "$/query", "total $ at Q", "on frontier"], configs),
        "## Pareto frontier by volume",
        _table(["queries", "frontier (cheapest first)"], [[f"{q:,.0f}", ", ".join(n)] for q, n in report.frontiers]),
        "## Figures",
        "\n".join(f"- ![{name}]({path.name})" for name, path in figures.items()),
    ]
    if report.utilisation:
        rows = [[u.name, f"{u.flops:.3g}", f"{u.seconds:,.1f}", usd(u.dollars), usd(u.dollars_at_peak),
                 f"{u.utilisation:.2%}"] for u in report.utilisation]  # fmt: skip
        parts += ["## Analytic FLOPs and measured dollars",
                  _table(["work", "FLOPs", "seconds", "$ measured", "$ at peak", "utilisation"], rows)]  # fmt: skip
    return "\n\n".join(parts) + "\n"
