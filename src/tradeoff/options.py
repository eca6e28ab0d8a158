"""Check a component's ``key=value`` options against its constructor before building it.

Backends, tasks and verifiers take keyword-only settings from ``--backend-option``/``--task-option`` and a
spec's ``options:``. :func:`build` refuses an unknown name (listing the known ones, with the closest) and a
value of the wrong type for a plainly typed setting (``int``, ``float``, ``str``, ``bool``, a ``Literal`` or
those ``| None``) as one :class:`~tradeoff.errors.ConfigError`, before anything is loaded; what the
constructor itself rejects (``TypeError``/``ValueError``) is reported the same way.
"""

from __future__ import annotations

import difflib
import inspect
import math
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from tradeoff.errors import ConfigError

T = TypeVar("T")
_PLAIN: dict[Any, tuple[type, ...]] = {int: (int,), float: (int, float), str: (str,), bool: (bool,)}


def build(what: str, factory: Callable[..., T], *args: Any, **options: Any) -> T:
    """``factory(*args, **options)`` once ``options`` fit its signature (``what`` names it in errors)."""
    check(what, factory, options, skip=len(args))
    try:
        return factory(*args, **options)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{what}: invalid options ({' '.join(str(exc).split())})") from None


def check(what: str, factory: Callable[..., Any], options: Mapping[str, Any], *, skip: int = 0) -> None:
    target = factory.__init__ if inspect.isclass(factory) else factory
    try:
        signature = inspect.signature(target)
        hints = typing.get_type_hints(target)
    except (TypeError, ValueError, NameError):
        return
    params = [p for p in signature.parameters.values() if p.name != "self"][skip:]
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return
    known = {p.name: p for p in params if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
    for key, value in options.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(f"{what} has no option {key!r}; {hint}known: {', '.join(sorted(known)) or 'none'}")
        problem = mismatch(hints.get(key), value)
        if problem:
            raise ConfigError(f"{what} option {key!r} {problem}")


def mismatch(hint: Any, value: Any) -> str | None:
    """Why ``value`` does not fit a plain ``hint`` (None when it fits, or when the hint is not plain)."""
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    allowed = [a for a in (typing.get_args(hint) if union else (hint,)) if a is not type(None)]
    if not allowed or not all(a in _PLAIN or typing.get_origin(a) is typing.Literal for a in allowed):
        return None  # not a plain hint: the constructor decides
    if value is None:
        return None if union or hint is None else "may not be empty"
    literals = [v for a in allowed if typing.get_origin(a) is typing.Literal for v in typing.get_args(a)]
    if any(value == v and type(value) is type(v) for v in literals):
        return None
    for a in allowed:
        if a in _PLAIN and isinstance(value, _PLAIN[a]) and (a is bool or not isinstance(value, bool)):
            return "must be a finite number" if a is float and not math.isfinite(value) else None  # type: ignore[arg-type]
    names = [a.__name__ for a in allowed if a in _PLAIN] + [repr(v) for v in literals]
    return f"must be {' or '.join(names)}, got {type(value).__name__} {_short(value)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


__all__ = ["build", "check", "mismatch"]
