"""Read a YAML settings file safely: UTF-8 only, bounded size, and no alias bomb.

``yaml.safe_load`` shares an aliased node instead of copying it, so nine levels of nine aliases load in
microseconds — and then every walk over the result (validation, line maps, hashing) visits 9⁹ nodes and
hangs. :func:`read_yaml` counts the nodes the document holds once its aliases are expanded (counting each
shared node once per reference, without expanding anything) and refuses more than
:data:`~tradeoff.limits.MAX_YAML_NODES`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tradeoff.errors import DataError
from tradeoff.limits import MAX_YAML_BYTES, MAX_YAML_NODES


def read_text(path: Path, *, what: str = "file") -> str:
    """``path`` as UTF-8 text; a missing, unreadable, oversized or non-UTF-8 file is one :class:`DataError`."""
    try:
        if path.is_dir():
            raise DataError(f"{path} is a folder; expected a {what}")
        size = path.stat().st_size
        if size > MAX_YAML_BYTES and path.suffix in (".yaml", ".yml"):
            raise DataError(f"{path} is {size:,} bytes; a settings file may hold at most {MAX_YAML_BYTES:,}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{what} not found: {path}") from None
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}") from None
    return decode(data, path)


def decode(data: bytes, path: Path | str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None


def load_yaml(text: str, path: Path | str) -> Any:
    """Parse ``text`` (YAML) after checking its expanded size; a syntax error names the line."""
    try:
        root = yaml.compose(text)
        if root is not None:
            check_size(root, path)
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(f"{where}: not valid YAML ({problem})") from None


def check_size(root: yaml.Node, path: Path | str) -> None:
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        sizes[id(node)] = 1  # a cycle counts once (safe_load refuses recursive structures anyway)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_YAML_NODES:
                break
        sizes[id(node)] = total
        return total

    if size(root) > MAX_YAML_NODES:
        raise DataError(
            f"{path}: the YAML expands to more than {MAX_YAML_NODES:,} nodes (aliases such as `*a` repeated "
            "inside each other?); tradeoff refuses it"
        )


def read_yaml(path: Path, *, what: str = "file") -> Any:
    return load_yaml(read_text(path, what=what), path)


__all__ = ["check_size", "decode", "load_yaml", "read_text", "read_yaml"]
