"""Write a :class:`~tradeoff.reports.model.Report`: figures, ``report.html``, ``report.md``, ``report.json``."""

from __future__ import annotations

import json
from pathlib import Path

from tradeoff.reports.model import Report, ReportFiles


def write_report(report: Report, folder: Path) -> ReportFiles:
    """``report.html`` (self-contained), ``report.md``, ``report.json`` and the PNGs into ``folder``."""
    from tradeoff.reports.figures import write_figures
    from tradeoff.reports.html import render_html
    from tradeoff.reports.report_md import render_markdown

    folder.mkdir(parents=True, exist_ok=True)
    figures = write_figures(report, folder)
    files = ReportFiles(html=folder / "report.html", markdown=folder / "report.md", json=folder / "report.json",
                        figures=figures)  # fmt: skip
    files.html.write_text(render_html(report, figures), encoding="utf-8")
    files.markdown.write_text(render_markdown(report, figures), encoding="utf-8")
    files.json.write_text(json.dumps(report.to_dict(), indent=2, default=str, allow_nan=False) + "\n")
    return files


__all__ = ["write_report"]
