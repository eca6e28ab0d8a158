"""The report as one self-contained static HTML file. Render only.

Self-contained: every figure is embedded as a ``data:image/png;base64,…`` URI, styles are inline, there is
no script, and a Content-Security-Policy allows nothing but inline styles and data-URI images. Every string
that comes from the run — pool and configuration names, questions, gold answers and above all raw model
output, which may hold HTML or ``<script>`` — passes through :func:`html.escape` (quotes included) before it
is placed in the page, so it shows as text and never runs.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from tradeoff.cost.money import usd
from tradeoff.reports.model import Report

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: right; vertical-align: top; }
th:first-child, td:first-child, td.text { text-align: left; }
td.text pre { white-space: pre-wrap; max-width: 55em; margin: 0; font-size: 12px; }
img { max-width: 100%; border: 1px solid #eee; }
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def e(value: object) -> str:
    """The one escaping function: ``&``, ``<``, ``>``, ``"`` and ``'`` become entities."""
    return html.escape(str(value), quote=True)


def table(header: Sequence[str], rows: Iterable[Sequence[object]], *, text_columns: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = [
            f'<td class="text"><pre>{e(v)}</pre></td>' if i in text_columns else f"<td>{e(v)}</td>"
            for i, v in enumerate(row)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def figure(path: Path, alt: str) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<p><img alt="{e(alt)}" src="data:image/png;base64,{data}"></p>'


def render_html(report: Report, figures: Mapping[str, Path]) -> str:
    plan = report.plan
    configs = {p.configuration.name: p for p in plan.configurations}
    shares = dict(plan.decision.on_frontier)
    reasons = "".join(f"<li>{e(r)}</li>" for r in plan.reasons)
    config_rows = [
        [name, p.configuration.accuracy.format(), usd(p.configuration.fixed_cost), usd(p.configuration.per_query_cost),
         usd(p.configuration.total(plan.queries)), f"{shares.get(name, float('nan')):.0%}", "; ".join(p.flags)]
        for name, p in configs.items()
    ]  # fmt: skip
    frontier_rows = [[f"{q:,.0f}", ", ".join(names)] for q, names in report.frontiers]
    util_rows = [[u.name, f"{u.flops:.3g}", f"{u.seconds:,.1f}", usd(u.dollars), usd(u.dollars_at_peak),
                  f"{u.utilisation:.2%}"] for u in report.utilisation]  # fmt: skip
    example_rows = [[x.pool, x.problem_id, x.sample_index, x.question, x.gold, x.text, x.extracted or "—",
                     {True: "yes", False: "no", None: "—"}[x.correct]] for x in report.examples]  # fmt: skip
    titles = {"frontier": "Cost–accuracy frontier at several query volumes", "curves": "Accuracy vs budget",
              "cost": "Total cost vs query volume, with break-evens", "phase": "Phase map"}  # fmt: skip
    parts = [
        f"<h1>tradeoff report: {e(report.run)}</h1>",
        f"<h2>Recommendation at {plan.queries:,.0f} queries: {e(plan.recommended)}</h2>",
        f"<ul>{reasons}</ul>",
        "<h2>Configurations</h2>",
        table(
            ["configuration", "accuracy [95 % CI]", "fixed $", "$/query", "total $ at Q", "on frontier", "flags"],
            config_rows,
        ),
        "<h2>Pareto frontier by volume</h2>",
        table(["queries", "frontier (cheapest first)"], frontier_rows),
        *(f"<h2>{e(titles[name])}</h2>{figure(path, titles[name])}" for name, path in figures.items()),
        "<h2>Analytic FLOPs and measured dollars</h2>",
        table(["work", "FLOPs", "seconds", "$ measured", "$ at peak", "utilisation"], util_rows)
        if util_rows
        else "<p>No pool has local model facts (mock, hub or API models).</p>",
        "<h2>Example samples (raw model text)</h2>",
        table(
            ["pool", "problem", "sample", "question", "gold", "model output", "extracted", "correct"],
            example_rows,
            text_columns=(3, 5),
        ),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>tradeoff report: {e(report.run)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(parts)}</body></html>\n"
    )
