"""Helpers the commands share: ``key=value`` options, the progress bar, the console."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from tradeoff.errors import ConfigError, DataError
from tradeoff.secrets import remember
from tradeoff.types import Usage
from tradeoff.yaml_safe import read_yaml

console = Console()


def parse_options(pairs: list[str] | None, *, flag: str) -> dict[str, Any]:
    """``["k=v", ...]`` → ``{"k": v}``, each value read as YAML (so numbers and booleans keep their type)."""
    options: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"{flag} expects key=value, got {pair!r}")
        try:
            options[key.strip().replace("-", "_")] = yaml.safe_load(value) if value else ""
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or "not valid YAML"
            raise ConfigError(f"{flag} {key}=…: the value is not valid YAML ({problem})") from None
    remember(options)
    return options


def config_mapping(config: Path | None, *, what: str) -> dict[str, Any]:
    """The top-level mapping of a YAML settings file (empty without one); a missing file, bad YAML or another
    shape is a one-line :class:`DataError`. Flags given on the command line are layered over it by the caller."""
    if config is None:
        return {}
    data = read_yaml(config, what="config file") or {}
    if not isinstance(data, dict):
        raise DataError(f"{config}: expected a mapping of {what} settings at the top level")
    remember(data)
    return data


def layer_flags(
    data: dict[str, Any], flags: dict[str, Any], options: Sequence[tuple[str, list[str] | None, str]] = ()
) -> dict[str, Any]:
    """Command-line values over a config mapping: every flag that was given (not None), and each
    ``(key, ["k=v", ...], --flag)`` merged into the mapping ``data[key]``."""
    data.update({k: v for k, v in flags.items() if v is not None})
    for key, pairs, flag in options:
        if pairs:
            data[key] = {**mapping(data, key), **parse_options(pairs, flag=flag)}
    return data


def mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    """``data[key]`` (empty when absent), which must be a mapping of settings."""
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"`{key}` must be a mapping of settings (key: value), got {type(value).__name__}")
    return value


class SamplingProgress:
    """A rich progress bar over the samples to generate, showing generated tokens per second.

    The bar appears only once sampling knows what it will generate, so a bad name or option fails
    before any bar is drawn. Use it as a context manager around the sampling call.
    """

    def __init__(self, description: str, *, on_usage: Callable[[Usage], str] | None = None) -> None:
        self.description = description
        self._on_usage = on_usage  # told of each batch's usage; returns text shown after the description
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._total = Usage()

    def start(self, total: int) -> None:
        if total == 0:
            return
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[tokens]:,} tok · {task.fields[rate]:.0f} tok/s"),
            TimeElapsedColumn(),
        )
        self._bar = Progress(*columns, console=console)
        self._bar.start()
        self._task = self._bar.add_task(self.description, total=total, tokens=0, rate=0.0)

    def advance(self, samples: int, usage: Usage) -> None:
        if self._bar is None or self._task is None:
            return
        self._total += usage
        elapsed = self._bar.tasks[self._task].elapsed or 0.0
        rate = self._total.completion_tokens / elapsed if elapsed > 0 else 0.0
        extra = f" {self._on_usage(usage)}" if self._on_usage is not None else ""
        self._bar.update(
            self._task,
            advance=samples,
            tokens=self._total.completion_tokens,
            rate=rate,
            description=self.description + extra,
        )

    def __enter__(self) -> SamplingProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
