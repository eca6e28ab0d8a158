"""Name → implementation tables that import nothing until a name is used.

Each table maps a public name to ``"module:attribute"`` (as lm-evaluation-harness does), so listing the
backends never imports torch, and a missing optional dependency surfaces only when its backend is chosen.

:meth:`Registry.build` makes an implementation from a user's options (``--task-option k=v``, a spec's
mapping): a class with many settings declares them as a frozen pydantic model in ``Options`` and takes one
instance (``cls(options)``); a class with a few takes them as keyword arguments. Either way an unknown name
or a wrong value is one line, ``bad option for <kind> '<name>' (<option>: <problem>; …)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel, ValidationError

from tradeoff.errors import ConfigError, MissingDependencyError, UnknownNameError

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

    def build(self, name: str, options: Mapping[str, Any], *, what: str | None = None, hint: str = "") -> Any:
        """``name``'s implementation made from ``options`` (see the module doc); ``what`` names it in errors
        (default ``<kind> '<name>'``) and ``hint`` ends them."""
        return build(self.load(name), options, what=what or f"{self.kind} {name!r}", hint=hint)


def build(cls: Any, options: Mapping[str, Any], *, what: str, hint: str = "") -> Any:
    """``cls(cls.Options(**options))`` when ``cls`` declares an ``Options`` model, else ``cls(**options)``;
    an unknown option or a wrong value is one :class:`ConfigError`: ``bad option for {what} (…){hint}``."""
    model: type[BaseModel] | None = getattr(cls, "Options", None)
    if model is None:
        try:
            return cls(**options)
        except TypeError as exc:
            raise ConfigError(f"bad option for {what} ({exc}){hint}") from None
    try:
        checked = model.model_validate(dict(options))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"bad option for {what} ({problems}){hint}") from None
    return cls(checked)


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency, or fail with the pip command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name is not None and module.split(".")[0] != exc.name.split(".")[0]:
            raise  # the module exists but one of *its* imports is broken: show the real error
        raise MissingDependencyError(module, extra) from exc
