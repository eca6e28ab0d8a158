"""A plan's frontier as a terminal table (rich). Render only."""

from __future__ import annotations

from rich.table import Table

from tradeoff.cost.money import usd
from tradeoff.cost.plan import Plan


def frontier_table(plan: Plan) -> Table:
    """The frontier at Q: configuration, accuracy [95 % CI], fixed $, $/query, total $ at Q."""
    table = Table(title=f"Pareto frontier at {plan.queries:,.0f} queries ({plan.hardware})", box=None)
    for name in ("configuration", "accuracy [95 % CI]", "fixed $", "$/query", "total $ at Q"):
        table.add_column(name, justify="left" if name == "configuration" else "right")
    by_name = {p.configuration.name: p.configuration for p in plan.configurations}
    for name in plan.frontier:
        c = by_name[name]
        mark = " *" if name == plan.recommended else ""
        table.add_row(
            name + mark, c.accuracy.format(), usd(c.fixed_cost), usd(c.per_query_cost), usd(c.total(plan.queries))
        )
    return table


__all__ = ["frontier_table"]
