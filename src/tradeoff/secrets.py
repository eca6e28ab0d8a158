"""Secrets are never stored, hashed into an identity, or printed.

A *secret-like option* is one whose name has a part ``key``, ``apikey``, ``token``, ``password``,
``passwd``, ``secret``, ``credentials`` or ``authorization`` (``api_key``, ``hf_token``, ``db-password``;
not ``max_tokens``, and not a name ending in ``_env``, which names an environment variable). A URL's
userinfo (``http://user:pass@host``) and secret-like query parameters (``?api_key=…``) are secret too.

:func:`redact` replaces them in any JSON-like value before it is written (pool and search specs, summaries,
``experiment.json``) or hashed (experiment stage keys); :func:`redact_url` strips a URL before it becomes
part of a backend identity or a message. Every inline secret value seen by :func:`redact` is remembered
for the life of the process so that :func:`scrub` can remove it from any text about to be printed (the
CLI scrubs every error line). Prefer passing secrets through the environment: ``api_key_env: MY_KEY``
names the variable to read, and the ``openai`` backend reads ``OPENAI_API_KEY`` by default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "<redacted>"
_WORDS = frozenset({"key", "apikey", "token", "password", "passwd", "secret", "credentials", "authorization"})
_URL = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^/\s@'\"]+)@")
_SEEN: set[str] = set()


def is_secret_name(name: str) -> bool:
    """Whether an option called ``name`` holds a secret (see the module docstring)."""
    parts = [p for p in re.split(r"[_\-.\s]+", name.strip().lower()) if p]
    if not parts or parts[-1] == "env":
        return False
    return any(p in _WORDS or p.endswith(("token", "password", "secret", "apikey")) for p in parts)


def redact_url(url: str) -> str:
    """``url`` without userinfo and with secret-like query parameters replaced (not a URL: unchanged)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _URL.sub(rf"\1{REDACTED}@", url)
    if not parts.scheme or not parts.netloc:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        _remember(netloc.rpartition("@")[0])
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(is_secret_name(k) for k, _ in pairs):
            for k, v in pairs:
                if is_secret_name(k):
                    _remember(v)
            query = urlencode([(k, REDACTED if is_secret_name(k) else v) for k, v in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact(value: Any) -> Any:
    """A copy of a JSON-like ``value`` with secret-like options and URL credentials replaced by ``<redacted>``."""
    if isinstance(value, Mapping):
        out: dict[Any, Any] = {}
        for k, v in value.items():
            if isinstance(k, str) and is_secret_name(k) and v not in (None, "", REDACTED):
                _remember(v)
                out[k] = REDACTED
            else:
                out[k] = redact(v)
        return out
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str) and "://" in value:
        return redact_url(value)
    return value


def scrub(text: str) -> str:
    """``text`` with URL credentials and every secret value seen so far replaced (for printing)."""
    text = _URL.sub(rf"\1{REDACTED}@", text)
    for secret in sorted(_SEEN, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def remember(value: Any) -> None:
    """Note the secret-like values in a JSON-like ``value`` (and URL credentials) so :func:`scrub` hides them."""
    redact(value)


def _remember(value: object) -> None:
    text = str(value)
    if len(text) >= 4:  # shorter values would scrub ordinary words out of messages
        _SEEN.add(text)
        if ":" in text:  # user:password userinfo: the password alone too
            _remember(text.partition(":")[2])


__all__ = ["REDACTED", "is_secret_name", "redact", "redact_url", "remember", "scrub"]
