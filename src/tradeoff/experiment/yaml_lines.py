"""Read a YAML spec into a pydantic model with errors that point at the line: ``spec.yaml:12: ...``.

PyYAML's composer keeps each node's position; :func:`line_map` records the line of every key path, and a
pydantic error's ``loc`` is mapped to the longest known prefix. Unknown keys are found before pydantic
runs, by walking the data against the model's fields, so the message can suggest the closest known key
(``difflib``) — pydantic alone only says "extra inputs are not permitted".
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from tradeoff.errors import ConfigError
from tradeoff.secrets import remember
from tradeoff.yaml_safe import check_size, read_text

M = TypeVar("M", bound=BaseModel)
Path_ = tuple[str | int, ...]


def line_map(text: str) -> dict[Path_, int]:
    """1-based line of each key path (``("models", 0, "backend")``) in a YAML document."""
    lines: dict[Path_, int] = {}

    def walk(node: yaml.Node, path: Path_) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[(*path, key.value)] = key.start_mark.line + 1
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text)
    if root is not None:
        walk(root, ())
    return lines


def load_model(path: Path, model: type[M]) -> M:
    """Parse ``path`` into ``model``; every failure is a one-line :class:`ConfigError` naming the line."""
    text = read_text(path, what="spec")
    try:
        root = yaml.compose(text)
        if root is not None:
            check_size(root, path)
        data = yaml.safe_load(text)
        lines = line_map(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ConfigError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    remember(data)  # inline secrets: never printed in an error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: expected a mapping of settings (name:, tasks:, models:, strategies:, ...)")
    for loc, key, known in unknown_keys(data, model):
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        raise ConfigError(f"{path}:{_line(lines, (*loc, key))}: unknown key {_dotted((*loc, key))!r}; {hint}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        field = f" {_dotted(loc)}:" if loc else ""
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise ConfigError(f"{path}:{_line(lines, loc)}:{field} {message}{more}") from None


def unknown_keys(data: Any, model: type[BaseModel], loc: Path_ = ()) -> list[tuple[Path_, str, list[str]]]:
    """``(location, key, known keys)`` for every key that ``model`` (recursively) does not define."""
    if not isinstance(data, dict):
        return []
    fields = model.model_fields
    out = [(loc, str(k), sorted(fields)) for k in data if k not in fields]
    for name, info in fields.items():
        if name in data:
            out += _inner(data[name], info.annotation, (*loc, name))
    return out


def _inner(value: Any, annotation: Any, loc: Path_) -> list[tuple[Path_, str, list[str]]]:
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return unknown_keys(value, annotation, loc)
    if origin is list and isinstance(value, list):
        (item,) = typing.get_args(annotation)
        return [e for i, v in enumerate(value) for e in _inner(v, item, (*loc, i))]
    if origin in (typing.Union, types.UnionType):
        for arm in typing.get_args(annotation):
            if arm is not type(None):
                found = _inner(value, arm, loc)
                if found:
                    return found
    return []


def _line(lines: dict[Path_, int], loc: Path_) -> int:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def _dotted(loc: Path_) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in loc).replace(".[", "[")


__all__ = ["line_map", "load_model", "unknown_keys"]
