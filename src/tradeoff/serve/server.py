"""A minimal OpenAI-compatible chat-completions server over any tradeoff backend, for local comparisons.

``POST /v1/chat/completions`` reads ``messages``, ``n``, ``seed``, ``temperature``, ``top_p``,
``max_tokens`` (or ``max_completion_tokens``), ``stop`` and ``logprobs``, and answers with ``choices``
and ``usage``; ``GET /v1/models`` lists the one model served. Other fields (tools, ``extra_body``…) are
ignored; any model name is accepted. It binds 127.0.0.1 by default: it has no authentication.

Sampling. A request with a ``seed`` asks the backend for samples ``0..n-1`` of its prompt at that seed (the
backend derives each sample's seed from (seed, prompt, index), ``backends/seeding.py``), so a seeded
request is reproducible. A request without one gets the next ``n`` sample indices of its prompt at the
server's own seed, so N separate unseeded requests (what its_hub sends) are N different draws, and a
re-run of the same sequence of requests draws the same samples.

Batching. Concurrent requests are coalesced: a worker takes the first waiting request, waits up to
``window`` seconds for more, and sends up to ``backend.batch_size`` samples in one ``generate`` call, as a
serving engine batches concurrent requests. An ``n`` request computes its prompt once where the engine
shares prefill.

Usage. Each response reports ``prompt_tokens`` once per call (as OpenAI does, ``n`` or not), the
``completion_tokens`` of all its choices and ``prompt_tokens_details.cached_tokens`` = prompt tokens the
engine did not compute. :meth:`ChatServer.tally` adds up the same figures over every call served, so two
clients of one server are measured the same way.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tradeoff.backends.base import Backend
from tradeoff.errors import BackendError, ConfigError, TradeoffError
from tradeoff.interop.batching import RequestBatcher
from tradeoff.interop.openai_wire import completion_body, error_body, parse_request
from tradeoff.types import Generation, GenerationRequest, Message, SamplingParams


@dataclass(frozen=True, slots=True)
class ServerTally:
    """What a server has served: calls, prompt tokens as billed (once per call), prompt tokens computed,
    generated tokens, samples, and the engine's seconds."""

    calls: int = 0
    prompt_tokens: int = 0
    prefill_tokens: int = 0
    completion_tokens: int = 0
    samples: int = 0
    seconds: float = 0.0

    def __add__(self, other: ServerTally) -> ServerTally:
        return ServerTally(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            prefill_tokens=self.prefill_tokens + other.prefill_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            samples=self.samples + other.samples,
            seconds=self.seconds + other.seconds,
        )

    def __sub__(self, other: ServerTally) -> ServerTally:
        """What was served between two snapshots: ``server.tally() - before``."""
        return ServerTally(
            calls=self.calls - other.calls,
            prompt_tokens=self.prompt_tokens - other.prompt_tokens,
            prefill_tokens=self.prefill_tokens - other.prefill_tokens,
            completion_tokens=self.completion_tokens - other.completion_tokens,
            samples=self.samples - other.samples,
            seconds=self.seconds - other.seconds,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    """Where to listen (``port`` 0: any free port), the model name to report, the seed and max tokens of
    requests that send none, the batching window in seconds, and whether to compute log-probabilities always."""

    host: str = "127.0.0.1"
    port: int = 0
    model_name: str | None = None
    seed: int = 0
    max_tokens: int = 512
    window: float = 0.01
    logprobs_always: bool = False
    max_body_bytes: int = 1 << 20  # larger requests are answered 413
    read_timeout: float = 30.0  # seconds a client may take to send its request
    max_n: int = 64  # samples per request
    token_cap: int = 8192  # max_tokens per request
    max_concurrency: int = 16  # requests in flight; more wait up to read_timeout, then 503


class ChatServer:
    """Serve ``backend`` on ``host:port`` (port 0: any free port) from a background thread.

    ``logprobs_always`` makes the backend compute token log-probabilities for every request, so that a
    client that cannot ask for them (its_hub) still leaves them in ``on_generation``, which is called with
    the messages and each generation served.
    """

    def __init__(
        self,
        backend: Backend,
        options: ServeOptions | None = None,
        *,
        on_generation: Callable[[tuple[Message, ...], Generation], None] | None = None,
    ) -> None:
        o = options or ServeOptions()
        self.options = o
        self._slots = threading.BoundedSemaphore(o.max_concurrency)
        self.backend, self.model_name = backend, o.model_name or backend.identity
        self.seed, self.max_tokens, self.logprobs_always = o.seed, o.max_tokens, o.logprobs_always
        self.on_generation = on_generation
        self._batcher = RequestBatcher(backend, window=o.window)
        self._lock = threading.Lock()
        self._next_index: dict[tuple[tuple[Message, ...], SamplingParams], int] = {}
        self._tally = ServerTally()
        self._calls = 0
        if not 0 <= o.port <= 65535:
            raise ConfigError(f"--port must be from 0 to 65535, got {o.port}")
        try:
            self._http = ThreadingHTTPServer((o.host, o.port), _Handler)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {o.host}:{o.port} ({exc.strerror}); choose another --port") from None
        self._http.daemon_threads = True
        self._http.app = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL clients take (``…/v1``)."""
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> ChatServer:
        self._thread = threading.Thread(target=self._http.serve_forever, name="tradeoff-serve", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and stop the batching worker (the backend stays open: the caller owns it)."""
        if self._thread is not None:
            self._http.shutdown()
            self._thread.join()
            self._thread = None
        self._http.server_close()
        self._batcher.close()

    def __enter__(self) -> ChatServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def tally(self) -> ServerTally:
        with self._lock:
            return self._tally

    @property
    def engine_calls(self) -> list[int]:
        """Samples per backend call so far: how well concurrent requests were batched."""
        return list(self._batcher.calls)

    def complete(self, body: dict[str, Any]) -> dict[str, Any]:
        """Answer one chat-completions body (what ``POST /v1/chat/completions`` does)."""
        o = self.options
        messages, params, n = parse_request(body, max_tokens=self.max_tokens, logprobs=self.logprobs_always,
                                            max_n=o.max_n, token_cap=o.token_cap)  # fmt: skip
        with self._lock:
            if body.get("seed") is None:
                params = params.model_copy(update={"seed": self.seed})
                first = self._next_index.get((messages, params), 0)
                self._next_index[(messages, params)] = first + n
            else:
                first = 0
            self._calls += 1
            call = self._calls
        request = GenerationRequest(messages=messages, params=params, sample_indices=tuple(range(first, first + n)))
        generations = self._batcher.submit(request).result()
        served = ServerTally(
            calls=1,
            prompt_tokens=generations[0].prompt_tokens,
            prefill_tokens=sum(g.prefill_tokens for g in generations),
            completion_tokens=sum(g.completion_tokens for g in generations),
            samples=len(generations),
            seconds=sum(g.seconds for g in generations),
        )
        with self._lock:
            self._tally = self._tally + served
        if self.on_generation is not None:
            for g in generations:
                self.on_generation(messages, g)
        return completion_body(self.model_name, call, generations, logprobs=bool(body.get("logprobs")))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse connections

    def do_GET(self) -> None:
        app: ChatServer = self.server.app  # type: ignore[attr-defined]
        if self.path.rstrip("/") == "/v1/models":
            self._send(
                200, {"object": "list", "data": [{"id": app.model_name, "object": "model", "owned_by": "tradeoff"}]}
            )
        else:
            self._send(404, error_body(f"no route GET {self.path}", "not_found"))

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.app.options.read_timeout)  # type: ignore[attr-defined]

    def do_POST(self) -> None:
        app: ChatServer = self.server.app  # type: ignore[attr-defined]
        raw = self._body(app.options.max_body_bytes)
        if raw is None:
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, error_body(f"no route POST {self.path}", "not_found"))
            return
        if not app._slots.acquire(timeout=app.options.read_timeout):
            self._send(503, error_body("the server is busy (max_concurrency requests in flight); retry", "busy"))
            return
        try:
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ConfigError("the request body must be a JSON object")
            self._send(200, app.complete(body))
        except (ValueError, TypeError, ConfigError) as exc:  # json errors are ValueErrors
            self._send(400, error_body(str(exc), "invalid_request_error"))
        except (BackendError, TradeoffError) as exc:
            self._send(500, error_body(str(exc), "server_error"))
        finally:
            app._slots.release()

    def _body(self, limit: int) -> bytes | None:
        """The request body, or ``None`` after answering 400 (bad length), 413 (too large) or 408 (too slow)."""
        text = self.headers.get("Content-Length") or "0"
        if not text.isdigit():
            self.close_connection = True
            self._send(400, error_body(f"Content-Length must be a non-negative integer, got {text!r}", "bad_length"))
            return None
        if int(text) > limit:
            self.close_connection = True
            self._send(413, error_body(f"the request body is over {limit} bytes", "too_large"))
            return None
        try:
            return self.rfile.read(int(text))
        except TimeoutError:
            self.close_connection = True
            self._send(408, error_body("the request body did not arrive within the read timeout", "timeout"))
            return None

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: a benchmark's table is the output
