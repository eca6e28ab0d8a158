"""The per-difficulty compute-optimal study as terminal tables (rich). Render only: the figures come from
:func:`tradeoff.strategies.compute_optimal.difficulty_study`."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group
from rich.table import Table

from tradeoff.strategies import label
from tradeoff.strategies.compute_optimal import DifficultyStudy

LEGEND = (
    "Levels: problems ranked by difficulty (source above), level 1 = easiest, equal sizes. Choices: the best "
    "(strategy, k) per level within the budget, picked on half A; accuracy and spent budget: measured on half B "
    "(95 % percentile bootstrap over half B's problems, paired across rows). best single: one strategy for all "
    "levels, picked on half A the same way (Snell et al. 2024, §3.2)."
)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2g}"


def difficulty_tables(items: Sequence[tuple[str, DifficultyStudy]]) -> Group:
    tables: list[Table | str] = []
    for pool, study in items:
        title = (
            f"{pool}: compute-optimal per difficulty ({study.bins} levels by {study.source}; "
            f"{study.selection_problems} problems choose, {study.evaluation_problems} evaluate; budget in {study.unit})"
        )
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for column in ("budget", "spent", "compute-optimal [95 % CI]", "choices per level", "best single [95 % CI]"):
            table.add_column(column, justify="left" if column.startswith(("choices", "best")) else "right")
        for point in study.optimal:
            choices = " · ".join(f"{c.level}: {label(c.strategy, c.k)}" for c in point.choices)
            single = f"{label(point.baseline.strategy, point.baseline.k)} {point.baseline.estimate.format()}"
            table.add_row(_amount(point.budget), _amount(point.cost), point.estimate.format(), choices, single)
        fixed = Table(title=f"{pool}: every fixed strategy on half B", title_justify="left", box=box.SIMPLE_HEAD)
        for column in ("strategy", f"{study.unit}/problem", "accuracy [95 % CI]"):
            fixed.add_column(column, justify="left" if column == "strategy" else "right")
        for f in study.fixed:
            fixed.add_row(label(f.strategy, f.k), _amount(f.cost), f.estimate.format())
        tables += [table, fixed]
    return Group(*tables, LEGEND)
