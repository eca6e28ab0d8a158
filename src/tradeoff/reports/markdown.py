"""Markdown text from run data: names that come from a run (its directory, an experiment's name) are escaped,
so a name such as ``x](http://evil)`` or ``*`` shows as written instead of becoming a link or emphasis."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md_escape(text: object) -> str:
    """``text`` with every Markdown-special character backslash-escaped and newlines as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


__all__ = ["md_escape"]
