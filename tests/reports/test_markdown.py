"""Names from a run are shown as written in Markdown outputs, never as links, images or emphasis."""

from __future__ import annotations

from tradeoff.reports.markdown import md_escape


def test_markdown_specials_in_a_run_name_are_escaped() -> None:
    assert md_escape("runs/x](http://evil)") == r"runs/x\]\(http://evil\)"
    assert md_escape("![img](a.png) *bold* `code`") == r"\!\[img\]\(a\.png\) \*bold\* \`code\`"
    assert md_escape("two\nlines") == "two lines"
