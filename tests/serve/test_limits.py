"""`tradeoff serve` limits: bounded body, read timeout, checked Content-Length, caps on n and max_tokens, n = 0
refused, bounded concurrency, a busy or impossible port as one line."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from tradeoff.backends import get_backend
from tradeoff.errors import ConfigError
from tradeoff.serve.server import ChatServer, ServeOptions

BODY = {"messages": [{"role": "user", "content": "What is 2 + 3?"}], "max_tokens": 16}


@pytest.fixture
def server() -> Iterator[ChatServer]:
    options = ServeOptions(max_body_bytes=2000, read_timeout=0.5, max_n=4, token_cap=64, max_concurrency=1)
    with ChatServer(get_backend("mock", "mock"), options) as served:
        yield served


def _post(server: ChatServer, body: object, *, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    where = urlparse(server.url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    data = json.dumps(body).encode()
    conn.request(
        "POST", "/v1/chat/completions", body=data, headers={"Content-Type": "application/json", **(headers or {})}
    )
    answer = conn.getresponse()
    return answer.status, json.loads(answer.read() or b"{}")


def test_a_normal_request_is_answered(server: ChatServer) -> None:
    status, body = _post(server, {**BODY, "n": 4})
    assert status == 200 and len(body["choices"]) == 4


@pytest.mark.parametrize(
    ("extra", "message"),
    [({"n": 0}, "n must be an integer from 1 to 4"), ({"n": 5}, "n must be an integer from 1 to 4"),
     ({"n": True}, "n must be an integer"), ({"max_tokens": 65}, "max_tokens must be at most 64")],
)  # fmt: skip
def test_caps_on_n_and_max_tokens(server: ChatServer, extra: dict, message: str) -> None:
    status, body = _post(server, {**BODY, **extra})
    assert status == 400 and message in body["error"]["message"]


def test_a_body_over_the_limit_is_413_without_reading_it(server: ChatServer) -> None:
    status, body = _post(server, {**BODY, "pad": "x" * 5000})
    assert status == 413 and "over 2000 bytes" in body["error"]["message"]


def _raw(server: ChatServer, request: bytes) -> str:
    """Send ``request`` as is and read the reply until the server closes the connection."""
    where = urlparse(server.url)
    chunks = []
    with socket.create_connection((where.hostname, where.port), timeout=5) as s:
        s.sendall(request)
        while chunk := s.recv(4096):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def test_a_bad_content_length_is_400(server: ChatServer) -> None:
    reply = _raw(server, b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n")
    assert reply.startswith("HTTP/1.1 400") and "Content-Length must be a non-negative integer" in reply


def test_a_client_that_stops_sending_gets_408_within_the_read_timeout(server: ChatServer) -> None:
    started = time.perf_counter()
    reply = _raw(server, b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    assert reply.startswith("HTTP/1.1 408") and time.perf_counter() - started < 3


def test_requests_beyond_the_concurrency_cap_wait_then_get_503() -> None:
    options = ServeOptions(read_timeout=0.3, max_concurrency=1)
    with ChatServer(get_backend("mock", "mock", delay=1.0), options) as server:
        first = threading.Thread(target=_post, args=(server, BODY))
        first.start()
        time.sleep(0.2)
        status, body = _post(server, BODY)
        first.join()
    assert status == 503 and "busy" in body["error"]["message"]


def test_a_busy_or_impossible_port_is_one_line() -> None:
    with ChatServer(get_backend("mock", "mock")) as taken:
        port = urlparse(taken.url).port
        with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{port}.*choose another --port"):
            ChatServer(get_backend("mock", "mock"), ServeOptions(port=port))
    with pytest.raises(ConfigError, match="--port must be from 0 to 65535"):
        ChatServer(get_backend("mock", "mock"), ServeOptions(port=99999))


def test_serve_port_99999_is_a_one_line_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("serve", "--backend", "mock", "--model", "m", "--port", "99999")
    assert (
        code == 2
        and "Traceback" not in out
        and "--port" in out
        and "65535" in out
        and len(out.strip().splitlines()) == 1
    )
