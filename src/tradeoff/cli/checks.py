"""Command-line values that parse but make no sense (``inf`` queries, ``nan`` accuracy, a negative count, an
output folder that is a file) refused as one line before anything is read or written."""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from tradeoff.errors import ConfigError


def positive(value: float | None, flag: str) -> None:
    """A finite number > 0 (absent is fine)."""
    if value is not None and not (math.isfinite(value) and value > 0):
        raise ConfigError(f"{flag} must be > 0 and finite, got {value:g}")


def non_negative(value: float | None, flag: str) -> None:
    """A finite number >= 0 (absent is fine)."""
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise ConfigError(f"{flag} must be >= 0 and finite, got {value:g}")


def fraction(value: float | None, flag: str) -> None:
    """A number in [0, 1] (absent is fine)."""
    if value is not None and not 0 <= value <= 1:
        raise ConfigError(f"{flag} must be between 0 and 1, got {value:g}")


def all_positive(values: Iterable[float] | None, flag: str) -> None:
    for value in values or ():
        positive(value, flag)


def folder(path: Path | None, flag: str) -> None:
    """An output folder: absent, or a folder, never a file."""
    if path is not None and path.exists() and not path.is_dir():
        raise ConfigError(f"{flag} {path} is a file; give a folder")


__all__ = ["all_positive", "folder", "fraction", "non_negative", "positive"]
