"""An API teacher end to end: ``tradeoff synth`` against a local OpenAI-compatible server, priced by a price
file; a server error stops with one line, keeps what was paid for, and the re-run asks only for the rest."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tradeoff.backends.mock import solve
from tradeoff.run.ops import open_ledger
from tradeoff.train.from_pool import pool_training_data

pytest.importorskip("openai")


class Teacher(ThreadingHTTPServer):
    """Answers every other question right ("The answer is N."); from call ``fail_from`` on, answers 500."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.calls, self.fail_from = 0, 10**9


class Handler(BaseHTTPRequestHandler):
    server: Teacher

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.calls += 1
        if self.server.calls >= self.server.fail_from:
            return self._send(500, {"error": {"message": "upstream overloaded"}})
        truth = solve(body["messages"][-1]["content"])
        answer = truth if self.server.calls % 2 else truth + 1
        choice = {"index": 0, "message": {"role": "assistant", "content": f"So: The answer is {answer}."}}
        choice["finish_reason"] = "stop"
        usage = {"prompt_tokens": 30, "completion_tokens": 6}
        return self._send(200, {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                                "choices": [choice], "usage": usage})  # fmt: skip

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def teacher() -> Iterator[Teacher]:
    server = Teacher()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_an_api_teacher_is_priced_by_tokens_and_resumes_after_a_failure(
    cli: Callable[..., tuple[int, str]], teacher: Teacher, tmp_path: Path
) -> None:
    prices = tmp_path / "prices.yaml"
    entry = "{input: 1.0, output: 2.0, source: 'a test price', date: 2026-11-22}"
    prices.write_text(f"api:\n  openai/teacher-x: {entry}\n")
    url = f"http://127.0.0.1:{teacher.server_address[1]}/v1"
    args = ["synth", "--run", tmp_path / "run", "--teacher-model", "teacher-x", "--examples", 8, "--prices", prices]
    args += ["--teacher-option", f"base_url={url}", "--teacher-option", "max_retries=0"]
    args += ["--teacher-option", "batch_size=2", "--teacher-option", "concurrency=1"]
    teacher.fail_from = 6
    code, text = cli(*args)
    assert (
        code == 2
        and "teacher openai/teacher-x failed" in text
        and "the 5 samples already generated are kept" in text  # the failed batch's other answer too
    )
    teacher.fail_from = 10**9
    code, text = cli(*args)
    assert code == 0, text
    assert "3 new samples, 5 already stored" in text and "accepted 5/8 (62.5%)" in text  # the fake alternates
    assert teacher.calls == 6 + 3  # the failed call, then only the missing three
    expected = (8 * 30 * 1.0 + 8 * 6 * 2.0) / 1e6
    assert f"cost ${expected:.4f} + 0.0 s" in text
    with open_ledger(tmp_path / "run") as ledger:
        assert ledger.usage("synth-teacher-x").samples == 8
    record = pool_training_data(tmp_path / "run", "synth-teacher-x", student="s", prices=[prices]).record
    assert record["cost"]["usd"] == pytest.approx(expected) and record["cost"]["seconds"] == 0
    assert record["tokens"] == {"prompt": 240, "prefill": 240, "completion": 48} and record["source"] == "synthetic"
