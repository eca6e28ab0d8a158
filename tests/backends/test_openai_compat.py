"""The OpenAI-compatible backend against a real HTTP server on 127.0.0.1 that plays vLLM, llama.cpp and a
failing server in turn, and counts every call it receives."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tradeoff.backends.openai_compat import OpenAIBackend, split_completion_tokens
from tradeoff.backends.seeding import sample_seed
from tradeoff.errors import BackendError, BackendTimeoutError
from tradeoff.types import FinishReason, GenerationRequest, Message, SamplingParams

FINISH = ["stop", "length", "eos"]  # choice k ends with FINISH[k % 3]


class FakeServer(ThreadingHTTPServer):
    """Modes: ``n`` honours n; ``ignore_n`` answers one choice like llama.cpp; ``flaky`` fails twice
    with 500; ``429`` and ``401`` always fail; ``hang`` answers only at teardown. ``cached`` reports
    prefix-cache hits."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.mode, self.delay, self.cached = "n", 0.0, 0
        self.bodies: list[dict[str, Any]] = []
        self.in_flight = self.max_in_flight = 0
        self.lock, self.release = threading.Lock(), threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        srv = self.server
        with srv.lock:
            srv.bodies.append(body)
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
            calls = len(srv.bodies)
        try:
            time.sleep(srv.delay)
            if srv.mode == "hang":
                srv.release.wait(5.0)
            if srv.mode == "401":
                return self._send(401, {"error": {"message": "Invalid API key\nprovided", "type": "auth"}})
            if srv.mode == "429" or (srv.mode == "flaky" and calls <= 2):
                return self._send(429 if srv.mode == "429" else 500, {"error": {"message": "busy"}})
            return self._send(200, self._completion(body))
        finally:
            with srv.lock:
                srv.in_flight -= 1

    def _completion(self, body: dict[str, Any]) -> dict[str, Any]:
        n = 1 if self.server.mode == "ignore_n" else body.get("n", 1)
        prompt = sum(len(m["content"].split()) for m in body["messages"])
        texts = [" ".join(["word"] * (2 + 3 * k)) + f" seed={body['seed']}" for k in range(n)]
        choices = []
        for k, text in enumerate(texts):
            choice: dict[str, Any] = {"index": k, "message": {"role": "assistant", "content": text}}
            choice["finish_reason"] = FINISH[k % 3]
            if body.get("logprobs"):
                choice["logprobs"] = {
                    "content": [{"token": w, "logprob": -0.5, "top_logprobs": []} for w in text.split()]
                }
            choices.append(choice)
        usage: dict[str, Any] = {
            "prompt_tokens": prompt,
            "completion_tokens": sum(len(t.split()) for t in texts),
        }
        if self.server.cached:
            usage["prompt_tokens_details"] = {"cached_tokens": self.server.cached}
        return {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": choices,
            "usage": usage,
        }

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("retry-after-ms", "1")  # keeps the client's retries fast
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    srv = FakeServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


def request(text: str, n: int = 4, **params: Any) -> GenerationRequest:
    options = {"temperature": 0.8, "seed": 7, "max_tokens": 32, **params}
    return GenerationRequest(
        messages=(Message("user", text),), params=SamplingParams(**options), sample_indices=tuple(range(n))
    )


def backend(server: FakeServer, **options: Any) -> OpenAIBackend:
    return OpenAIBackend("tiny", **{"base_url": server.url, "max_retries": 2, "timeout": 5.0, **options})


def test_n_is_one_call_and_the_prompt_is_prefilled_once(server: FakeServer) -> None:
    [pool] = backend(server).generate([request("what is two plus two")])
    assert len(server.bodies) == 1 and server.bodies[0]["n"] == 4
    assert server.bodies[0]["seed"] == sample_seed(7, (Message("user", "what is two plus two"),), 0)
    assert [g.prompt_tokens for g in pool] == [5] * 4
    assert [g.prefill_tokens for g in pool] == [5, 0, 0, 0]
    assert sum(g.completion_tokens for g in pool) == 3 + 6 + 9 + 12  # the server's total, kept exactly
    stop, length = FinishReason.STOP, FinishReason.LENGTH
    assert [g.finish_reason for g in pool] == [stop, length, stop, stop]  # "eos" counts as stop


def test_ignored_n_is_detected_once_and_remembered(server: FakeServer) -> None:
    server.mode = "ignore_n"
    model = backend(server, concurrency=3)
    first = model.generate([request("a b c"), request("d e"), request("f")])
    assert model.n_honoured is False
    assert len(server.bodies) == 12 and sum("n" in b for b in server.bodies) == 1  # one probe, then singles
    model.generate([request("g h"), request("i j k")])
    assert len(server.bodies) == 20 and sum("n" in b for b in server.bodies) == 1
    for r, pool in zip([request("a b c"), request("d e"), request("f")], first, strict=True):
        seeds = [sample_seed(7, r.messages, i) for i in r.sample_indices]
        assert [g.seed for g in pool] == seeds and len(set(seeds)) == 4
        assert all(g.prefill_tokens == g.prompt_tokens for g in pool)  # every call computed the prompt
        assert all(f"seed={s}" in g.text for g, s in zip(pool, seeds, strict=True))


def test_cached_tokens_reduce_prefill_of_separate_calls(server: FakeServer) -> None:
    server.mode, server.cached = "ignore_n", 3
    [pool] = backend(server, use_n="never").generate([request("one two three four five")])
    assert [g.prefill_tokens for g in pool] == [2, 2, 2, 2] and [g.prompt_tokens for g in pool] == [5] * 4


def test_logprobs_give_exact_per_choice_token_counts(server: FakeServer) -> None:
    [pool] = backend(server).generate([request("x", n=3, logprobs=True)])
    assert [g.completion_tokens for g in pool] == [len(g.text.split()) for g in pool]
    assert all(g.token_logprobs == (-0.5,) * g.completion_tokens for g in pool)


def test_split_completion_tokens_adds_up() -> None:
    assert split_completion_tokens(10, [1, 1, 1]) == [4, 3, 3]
    assert split_completion_tokens(7, [0, 0]) == [4, 3]
    assert split_completion_tokens(12, [10, 30]) == [3, 9]


def test_concurrency_is_bounded(server: FakeServer) -> None:
    server.delay = 0.05
    pools = backend(server, concurrency=2).generate([request(f"q{i}", n=1, temperature=0.0) for i in range(6)])
    assert len(pools) == 6 and server.max_in_flight == 2


def test_server_errors_are_retried(server: FakeServer) -> None:
    server.mode = "flaky"
    [pool] = backend(server).generate([request("x", n=2)])
    assert len(pool) == 2 and len(server.bodies) == 3


def test_rate_limit_gives_up_after_retries(server: FakeServer) -> None:
    server.mode = "429"
    with pytest.raises(BackendError, match="429") as info:
        backend(server).generate([request("x", n=1)])
    assert len(server.bodies) == 3 and "\n" not in str(info.value)


def test_a_hanging_server_times_out_quickly(server: FakeServer) -> None:
    server.mode = "hang"
    start = time.perf_counter()
    with pytest.raises(BackendTimeoutError, match=r"127\.0\.0\.1"):
        backend(server, timeout=0.3, max_retries=1).generate([request("x", n=1)])
    assert time.perf_counter() - start < 3.0


def test_bad_key_is_one_line_and_not_retried(server: FakeServer) -> None:
    server.mode = "401"
    with pytest.raises(BackendError, match="API key") as info:
        backend(server).generate([request("x", n=1)])
    assert server.url in str(info.value) and "\n" not in str(info.value) and len(server.bodies) == 1


def test_connection_refused_names_the_url() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(BackendError, match="cannot reach") as info:
        OpenAIBackend("tiny", base_url=url, max_retries=0).generate([request("x", n=1)])
    assert url in str(info.value) and not isinstance(info.value, BackendTimeoutError)


def test_adapter_is_the_served_model_name_and_in_identity(server: FakeServer) -> None:
    model = backend(server, adapter="gsm8k-lora")
    model.generate([request("x", n=1)])
    assert server.bodies[0]["model"] == "gsm8k-lora"
    assert model.identity == f"openai/127.0.0.1:{server.server_address[1]}/tiny+gsm8k-lora"
    model.close()
    model.close()


def test_the_backend_needs_no_openai_package(monkeypatch: pytest.MonkeyPatch, server: FakeServer) -> None:
    monkeypatch.setitem(sys.modules, "openai", None)
    assert len(backend(server).generate([request("x", n=2)])[0]) == 2


def test_importing_the_module_does_not_import_openai() -> None:
    code = "import sys, tradeoff.backends.openai_compat; assert 'openai' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
