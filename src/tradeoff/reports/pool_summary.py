"""Pool summaries as terminal tables (rich) and as Markdown: accuracies, then diagnostics and usage."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group
from rich.table import Table

from tradeoff.pools.summary import PoolSummary

ACCURACY_COLUMNS = ("pool", "problems×N", "metric", "accuracy [95 % CI]", "interval")
USAGE_COLUMNS = (
    "pool",
    "marker",
    "fallback",
    "none",
    "trunc.",
    "tok/ans",
    "tokens",
    "prefill",
    "s",
    "tok/s",
)
LEGEND = (
    "marker / fallback / none: how the final answer was found (final-answer marker, last-number fallback, "
    "not at all); trunc.: finish reason `length`; tok/ans, tokens: generated tokens per sample, in all; "
    "prefill: prompt tokens the engine computed; s: measured generation wall time."
)


def accuracy_rows(items: Sequence[PoolSummary]) -> list[list[str]]:
    rows = []
    for s in items:
        if not s.accuracies:
            rows.append([s.pool, f"{s.problems}×{s.samples_per_problem}", "-", "not scored", ""])
        for i, (metric, est) in enumerate(s.accuracies.items()):
            head = [s.pool, f"{s.problems}×{s.samples_per_problem}"] if i == 0 else ["", ""]
            rows.append([*head, metric, est.format(), est.method])
    return rows


def _count(value: int) -> str:
    return f"{value:,}" if value < 10_000 else f"{value / 1000:,.1f}k"


def usage_rows(items: Sequence[PoolSummary]) -> list[list[str]]:
    return [
        [
            s.pool,
            f"{s.diagnostics.marker_rate:.0%}",
            f"{s.diagnostics.fallback_rate:.0%}",
            f"{s.diagnostics.no_answer_rate:.0%}",
            f"{s.diagnostics.truncation_rate:.0%}",
            f"{s.diagnostics.mean_completion_tokens:.0f}",
            _count(s.usage.completion_tokens),
            _count(s.usage.prefill_tokens),
            f"{s.usage.seconds:.1f}",
            f"{s.usage.tokens_per_second:.0f}",
        ]
        for s in items
    ]


def _table(title: str, columns: Sequence[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in columns:
        left = column in ("pool", "metric", "interval")
        table.add_column(column, justify="left" if left else "right", no_wrap=column == "pool")
    for row in rows:
        table.add_row(*row)
    return table


def summary_table(items: Sequence[PoolSummary], *, title: str = "tradeoff") -> Group:
    return Group(
        _table(title, ACCURACY_COLUMNS, accuracy_rows(items)),
        _table("format diagnostics and usage", USAGE_COLUMNS, usage_rows(items)),
        LEGEND,
    )


def _markdown_table(columns: Sequence[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def summary_markdown(items: Sequence[PoolSummary], *, title: str = "tradeoff run summary") -> str:
    lines = [f"# {title}", "", *_markdown_table(ACCURACY_COLUMNS, accuracy_rows(items)), ""]
    lines += ["## Format diagnostics and usage", "", *_markdown_table(USAGE_COLUMNS, usage_rows(items))]
    return "\n".join([*lines, "", LEGEND, ""])
