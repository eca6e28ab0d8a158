"""One chat-completions call over the standard library's ``http.client``, bounded in time and explained.

Bounds (the ``openai`` backend's options):

- ``timeout``: one attempt, from connecting to the last byte of the answer. A watchdog closes the socket at
  the deadline, so a server that trickles bytes cannot stretch it (a per-read timeout would).
- ``max_retries`` and ``retry_budget``: an attempt that timed out, could not connect, lost its connection
  mid-answer, got 408/409/429/5xx or a 200 whose body is not a chat completion is tried again, after
  ``Retry-After``/``retry-after-ms`` when the server sends one, else 0.5 s doubling to 8 s. All attempts and
  waits of one call end within ``retry_budget`` seconds: an attempt's deadline is cut to what is left, and a
  ``Retry-After`` beyond it gives up at once. The error says how many tries it made, in how long, and why.
- Cancelling (``cancel`` set, as on Ctrl-C) stops waits and open sockets within a tenth of a second.

Other 4xx answers are not retried (a wrong key or model name does not fix itself).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import random
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from tradeoff.backends.threads import Cancelled
from tradeoff.errors import BackendError, BackendTimeoutError
from tradeoff.secrets import redact_url

RETRIED = frozenset({408, 409, 429})


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    timeout: float  # seconds per attempt, connect to last byte
    max_retries: int
    retry_budget: float  # seconds for all attempts and waits of one call


class _Retry(Exception):
    def __init__(self, message: str, *, retry_after: float | None = None, timeout: bool = False) -> None:
        super().__init__(message)
        self.retry_after, self.timeout = retry_after, timeout


class Endpoint:
    """``base_url`` split into what a connection needs; ``shown`` is the URL without credentials."""

    def __init__(self, base_url: str, api_key: str | None) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BackendError(f"base_url must be an http(s) URL, got {redact_url(base_url)!r}")
        self.shown = redact_url(base_url)
        self.https, self.host, self.port = parts.scheme == "https", parts.hostname, parts.port
        self.path = parts.path.rstrip("/") + "/chat/completions"
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if api_key:
            self.headers["Authorization"] = f"Bearer {api_key}"
        elif parts.username is not None:
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()

    @property
    def netloc(self) -> str:
        return self.host + (f":{self.port}" if self.port else "")


def call(endpoint: Endpoint, payload: dict[str, Any], limits: Limits, cancel: threading.Event) -> dict[str, Any]:
    """POST ``payload``; the parsed chat completion, else a one-line :class:`BackendError` (see module doc)."""
    body = json.dumps(payload).encode()
    start = time.monotonic()
    end = start + limits.retry_budget
    tries = 0
    while True:
        tries += 1
        try:
            now = time.monotonic()
            allowed = min(limits.timeout, end - now)  # the configured timeout, or what is left of the budget
            return _attempt(endpoint, body, now + allowed, cancel, allowed)
        except _Retry as exc:
            last = exc
        left = end - time.monotonic()
        wait = last.retry_after if last.retry_after is not None else min(0.5 * 2 ** (tries - 1), 8.0)
        wait *= 1 if last.retry_after is not None else 1 - 0.25 * random.random()
        if tries > limits.max_retries or wait >= left:
            break
        if cancel.wait(wait):
            raise Cancelled
    spent = time.monotonic() - start
    why = "no tries left" if tries > limits.max_retries else f"retry_budget {limits.retry_budget:g} s spent"
    if tries <= limits.max_retries and last.retry_after is not None:
        why = f"the server asks to wait {last.retry_after:g} s, beyond retry_budget {limits.retry_budget:g} s"
    kind = BackendTimeoutError if last.timeout else BackendError
    attempts = f"{tries} {'try' if tries == 1 else 'tries'}"
    return _raise(kind(f"{endpoint.shown}: {last}; gave up after {attempts} in {spent:.1f} s ({why})"))


def _raise(error: BackendError) -> dict[str, Any]:
    raise error


def _attempt(
    endpoint: Endpoint, body: bytes, deadline: float, cancel: threading.Event, allowed: float
) -> dict[str, Any]:
    left = max(deadline - time.monotonic(), 0.001)
    kind = http.client.HTTPSConnection if endpoint.https else http.client.HTTPConnection
    conn = kind(endpoint.host, endpoint.port, timeout=left)
    watch = _Watchdog(conn, deadline, cancel, allowed)
    try:
        conn.request("POST", endpoint.path, body, endpoint.headers)
        response = conn.getresponse()
        data, expected = _read(response), response.getheader("Content-Length")
        status, headers = response.status, response.headers
    except (OSError, http.client.HTTPException) as exc:
        raise watch.explain(exc) from None
    finally:
        watch.stop()
        conn.close()
    if watch.fired:
        raise watch.explain(TimeoutError())
    if expected is not None and expected.isdigit() and len(data) < int(expected):
        raise _Retry(f"the connection closed mid-answer ({len(data)} of {expected} bytes)")
    return _completion(status, headers, data)


def _read(response: http.client.HTTPResponse) -> bytes:
    chunks = []
    while chunk := response.read1(65536):
        chunks.append(chunk)
    return b"".join(chunks)


class _Watchdog:
    """Closes the connection's socket at ``deadline`` or when ``cancel`` is set, whichever comes first."""

    def __init__(
        self, conn: http.client.HTTPConnection, deadline: float, cancel: threading.Event, allowed: float
    ) -> None:
        self._conn, self._deadline, self._cancel = conn, deadline, cancel
        self._done = threading.Event()
        self.fired = self.cancelled = False
        self.timeout = allowed  # as configured (or the budget left), not as measured after a busy moment
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while not self._done.wait(min(0.1, max(self._deadline - time.monotonic(), 0))):
            if self._cancel.is_set() or time.monotonic() >= self._deadline:
                self.cancelled, self.fired = self._cancel.is_set(), True
                sock = self._conn.sock
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(2)
                return

    def stop(self) -> None:
        self._done.set()

    def explain(self, exc: BaseException) -> Exception:
        if self.cancelled:
            return Cancelled()
        if self.fired or isinstance(exc, TimeoutError):
            return _Retry(f"no complete answer within timeout {self.timeout:.3g} s", timeout=True)
        if isinstance(exc, http.client.IncompleteRead):
            return _Retry(f"the connection closed mid-answer ({len(exc.partial)} bytes received)")
        if isinstance(exc, ConnectionRefusedError | http.client.CannotSendRequest) or _dns(exc):
            return _Retry("cannot reach the server; is it running and base_url right?")
        if isinstance(exc, http.client.RemoteDisconnected):
            return _Retry("the server closed the connection without answering")
        return _Retry(f"the connection failed ({type(exc).__name__}: {_line(exc)})")


def _dns(exc: BaseException) -> bool:
    return type(exc).__name__ == "gaierror" or isinstance(exc, ConnectionAbortedError)


def _completion(status: int, headers: Any, data: bytes) -> dict[str, Any]:
    if status == 200:
        try:
            parsed = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Retry(f"HTTP 200 whose body is not JSON ({exc.__class__.__name__}: {_line(exc)})") from None
        problem = _shape(parsed)
        if problem:
            raise _Retry(f"HTTP 200 whose body is not a chat completion ({problem}); is base_url …/v1?")
        return dict(parsed)
    message = _server_message(data)
    if status in RETRIED or status >= 500:
        raise _Retry(f"HTTP {status} ({message})", retry_after=_retry_after(headers))
    raise HTTPRefused(status, message)


class HTTPRefused(BackendError):
    """A 4xx the server would answer again (wrong key, model or option): not retried."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status} ({message})")
        self.status = status


def _shape(parsed: object) -> str | None:
    """What is wrong with a chat-completion body, or None."""
    if not isinstance(parsed, dict):
        return f"a JSON {type(parsed).__name__}, not an object"
    choices, usage = parsed.get("choices"), parsed.get("usage")
    if not isinstance(choices, list) or not choices:
        return "no `choices` list"
    for choice in choices:
        message = choice.get("message") if isinstance(choice, dict) else None
        if not isinstance(message, dict) or not isinstance(message.get("content", ""), str | None):
            return "a choice without a `message` holding text `content`"
    if not isinstance(usage, dict):
        return "no `usage`"
    for field in ("prompt_tokens", "completion_tokens"):
        value = usage.get(field, 0)
        if isinstance(value, bool) or not isinstance(value, int | None) or (value or 0) < 0:
            return f"`usage.{field}` is not a count"
    return None


def _server_message(data: bytes) -> str:
    try:
        parsed = json.loads(data)
        error = parsed.get("error") if isinstance(parsed, dict) else None
        text = error.get("message") if isinstance(error, dict) else (error or parsed)
    except (UnicodeDecodeError, json.JSONDecodeError):
        text = data.decode("utf-8", "replace")
    return _line(text) or "no message"


def _retry_after(headers: Any) -> float | None:
    """Seconds the server asks to wait (``retry-after-ms``, ``Retry-After`` in seconds or as an HTTP date)."""
    ms, value = headers.get("retry-after-ms"), headers.get("Retry-After")
    try:
        if ms is not None:
            return max(float(ms) / 1000, 0.0)
        if value is not None:
            if value.strip().replace(".", "", 1).isdigit():
                return float(value)
            return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return None


def _line(text: object) -> str:
    return " ".join(str(text).split())[:200]
