"""A tiny OpenAI-compatible chat server on 127.0.0.1 that can misbehave on purpose (one fault per mode).

Modes: ``ok``; ``malformed`` (200, not JSON); ``shape`` (200, JSON without choices); ``trickle`` (a valid
answer one byte every ``trickle_s``); ``hang`` (never answers); ``truncated`` (Content-Length larger than the
body, then close); ``reset`` (close without answering); ``retry_after`` (429 with ``Retry-After: N`` for the
first ``fail_first`` calls); ``500``; ``401``; ``fail_prompt`` (500 for prompts containing ``fail_text``,
answers the rest). ``fail_first``: how many calls misbehave before the server answers normally (None: all).
Answers echo ``The answer is 4`` so arithmetic scoring works; every call is counted, with its headers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "ok"
        self.fail_first: int | None = None
        self.fail_text = "FAIL"
        self.retry_after = 1
        self.trickle_s = 0.2
        self.calls: list[tuple[dict[str, Any], dict[str, str]]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        srv = self.server
        with srv.lock:
            srv.calls.append((body, dict(self.headers)))
            count = len(srv.calls)
        mode = srv.mode if srv.fail_first is None or count <= srv.fail_first else "ok"
        prompt = " ".join(m["content"] for m in body["messages"])
        with suppress(BrokenPipeError, ConnectionResetError):
            self._answer(mode, body, prompt)

    def _answer(self, mode: str, body: dict[str, Any], prompt: str) -> None:
        srv = self.server
        good = json.dumps(completion(body)).encode()
        if mode == "fail_prompt":
            mode = "500" if srv.fail_text in prompt else "ok"
        if mode == "ok":
            return self._send(200, good)
        if mode == "malformed":
            return self._send(200, b"<html>gateway says hi</html>")
        if mode == "shape":
            return self._send(200, json.dumps({"id": "x", "object": "chat.completion"}).encode())
        if mode == "500":
            return self._send(500, b'{"error": {"message": "boom"}}')
        if mode == "401":
            return self._send(401, b'{"error": {"message": "bad key"}}')
        if mode == "retry_after":
            return self._send(429, b'{"error": {"message": "slow down"}}', {"Retry-After": str(srv.retry_after)})
        if mode == "hang":
            srv.stop.wait(60)
            return None
        if mode == "reset":
            self.close_connection = True
            return None
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(good) + (100 if mode == "truncated" else 0)))
        self.end_headers()
        if mode == "truncated":
            self.wfile.write(good[: len(good) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        for byte in good:  # trickle
            if srv.stop.wait(srv.trickle_s):
                return None
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
        return None

    def _send(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def completion(body: dict[str, Any]) -> dict[str, Any]:
    n = int(body.get("n", 1))
    text = "Working it out. The answer is 4."
    choices = [
        {"index": k, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"} for k in range(n)
    ]
    return {
        "id": "x",
        "object": "chat.completion",
        "model": body["model"],
        "choices": choices,
        "usage": {"prompt_tokens": 10, "completion_tokens": 8 * n},
    }


@contextmanager
def fault_server() -> Iterator[FaultServer]:
    srv = FaultServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.stop.set()
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)
        time.sleep(0)
