"""Name → implementation tables that import nothing until a name is used.

Each table maps a public name to ``"module:attribute"`` (as lm-evaluation-harness does), so listing the
backends never imports torch, and a missing optional dependency surfaces only when its backend is chosen.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Generic, TypeVar, cast

from tradeoff.errors import MissingDependencyError, UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str, entries: dict[str, str]) -> None:
        self.kind = kind
        self._entries = dict(entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))

    def names(self) -> list[str]:
        return sorted(self._entries)

    def register(self, name: str, target: str) -> None:
        """Add ``name`` → ``"module:attribute"`` (plugins and tests use this)."""
        self._entries[name] = target

    def unregister(self, name: str) -> None:
        """Remove ``name`` (a test's temporary entry); unknown names are ignored."""
        self._entries.pop(name, None)

    def load(self, name: str) -> T:
        if name not in self._entries:
            raise UnknownNameError(self.kind, name, self._entries)
        module_name, _, attribute = self._entries[name].partition(":")
        return cast(T, getattr(importlib.import_module(module_name), attribute))


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency, or fail with the pip command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name is not None and module.split(".")[0] != exc.name.split(".")[0]:
            raise  # the module exists but one of *its* imports is broken: show the real error
        raise MissingDependencyError(module, extra) from exc
