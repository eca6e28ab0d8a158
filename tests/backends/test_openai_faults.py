"""Every server fault of the ``openai`` backend ends in a bounded time with a clear line, and a failing
request does not throw away the answers of its batch (a fake server plays each fault)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fake_openai import FaultServer, fault_server
from tests.fakes import FakeTask
from tradeoff.backends.openai_compat import OpenAIBackend
from tradeoff.errors import BackendError, BackendTimeoutError, BatchIncompleteError, ConfigError
from tradeoff.ledger import Ledger
from tradeoff.pools.sample import PoolSpec, sample_pool
from tradeoff.types import GenerationRequest, Message, SamplingParams

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server() as srv:
        yield srv


def request(text: str = "what is 2 + 2", n: int = 1) -> GenerationRequest:
    params = SamplingParams(temperature=0.7 if n > 1 else 0.0, max_tokens=16, seed=1)
    return GenerationRequest(messages=(Message("user", text),), params=params, sample_indices=tuple(range(n)))


def backend(server: FaultServer, **options: Any) -> OpenAIBackend:
    settings = {"base_url": server.url, "timeout": 1.0, "max_retries": 2, "retry_budget": 10.0, **options}
    return OpenAIBackend("tiny", **settings)


def timed(model: OpenAIBackend, requests: list[GenerationRequest]) -> tuple[float, BaseException | None]:
    start = time.monotonic()
    try:
        model.generate(requests)
    except BackendError as exc:
        return time.monotonic() - start, exc
    return time.monotonic() - start, None


@pytest.mark.parametrize(("mode", "words"), [("malformed", "not JSON"), ("shape", "not a chat completion")])
def test_a_bad_200_is_retried_then_a_clear_error(server: FaultServer, mode: str, words: str) -> None:
    server.mode = mode
    _, error = timed(backend(server), [request()])
    assert isinstance(error, BackendError) and words in str(error) and "gave up after 3 tries" in str(error)
    assert len(server.calls) == 3 and "\n" not in str(error)
    server.fail_first = len(server.calls) + 1  # one more bad answer, then good ones
    assert backend(server).generate([request()])[0][0].text.endswith("The answer is 4.")


def test_timeout_bounds_the_whole_request_not_the_gap_between_bytes(server: FaultServer) -> None:
    server.mode, server.trickle_s = "trickle", 0.05  # ~300 bytes: 15 s if nothing cut it
    seconds, error = timed(backend(server, timeout=0.5, max_retries=1), [request()])
    assert isinstance(error, BackendTimeoutError) and "within timeout 0.5 s" in str(error)
    assert seconds < 2 * 0.5 + 0.5 + 1.5  # two attempts, one backoff, slack for a loaded machine (unbounded: 15 s)


def test_total_retry_time_is_bounded_by_the_retry_budget(server: FaultServer) -> None:
    server.mode = "hang"
    seconds, error = timed(backend(server, timeout=1.0, max_retries=100, retry_budget=2.5), [request()])
    assert isinstance(error, BackendTimeoutError) and "retry_budget 2.5 s spent" in str(error)
    assert seconds < 2.5 + 0.5


def test_a_truncated_body_is_named_as_such(server: FaultServer) -> None:
    server.mode = "truncated"
    _, error = timed(backend(server, max_retries=1), [request()])
    assert error is not None and "mid-answer" in str(error) and "cannot reach" not in str(error)


def test_a_closed_connection_is_named_as_such(server: FaultServer) -> None:
    server.mode = "reset"
    _, error = timed(backend(server, max_retries=1), [request()])
    assert error is not None and "without answering" in str(error) and "cannot reach" not in str(error)


def test_retry_after_is_honoured(server: FaultServer) -> None:
    server.mode, server.fail_first, server.retry_after = "retry_after", 1, 1
    seconds, error = timed(backend(server), [request()])
    assert error is None and len(server.calls) == 2 and seconds >= 0.95


def test_a_retry_after_beyond_the_budget_gives_up_at_once(server: FaultServer) -> None:
    server.mode, server.retry_after = "retry_after", 60
    seconds, error = timed(backend(server, retry_budget=5.0), [request()])
    assert error is not None and "HTTP 429" in str(error) and seconds < 1.0 and len(server.calls) == 1


def test_a_refused_key_is_not_retried(server: FaultServer) -> None:
    server.mode = "401"
    _, error = timed(backend(server), [request()])
    assert error is not None and "API key" in str(error) and len(server.calls) == 1


def test_one_failing_request_keeps_the_others(server: FaultServer) -> None:
    server.mode = "fail_prompt"
    with pytest.raises(BatchIncompleteError, match="1 of 5 samples failed") as info:
        backend(server, max_retries=1).generate([request("a"), request("FAIL"), request("b", n=3)])
    assert info.value.partial[0].keys() == {0} and info.value.partial[1] == {} and len(info.value.partial[2]) == 3


def test_the_pool_stores_the_answers_of_a_partly_failed_batch(server: FaultServer, tmp_path: Path) -> None:
    server.mode, server.fail_text = "fail_prompt", "What is 2 + 2?"
    spec = PoolSpec(name="p", task="fake", backend="openai", model="tiny")
    model = backend(server, max_retries=0, batch_size=64)
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger, pytest.raises(BatchIncompleteError):
        sample_pool(spec, task=FakeTask(), backend=model, ledger=ledger)
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        assert len(ledger.samples("p")) == 5  # six problems, one failed
        server.mode, asked = "ok", len(server.calls)
        report = sample_pool(spec, task=FakeTask(), backend=model, ledger=ledger)
    assert report.generated == 1 and len(server.calls) == asked + 1


def test_bad_limits_are_config_errors() -> None:
    for options in ({"timeout": float("inf")}, {"retry_budget": 0}, {"api_key_env": "TRADEOFF_NO_SUCH_VAR"}):
        with pytest.raises(ConfigError):
            OpenAIBackend("tiny", base_url="http://127.0.0.1:9/v1", **options)


def test_ctrl_c_exits_within_a_second(server: FaultServer, tmp_path: Path) -> None:
    server.mode = "hang"
    args = ["sample", "--run", str(tmp_path / "run"), "--backend", "openai", "--model", "tiny", "--limit", "4"]
    args += ["--backend-option", f"base_url={server.url}", "--backend-option", "timeout=30"]
    env = {**os.environ, "PYTHONPATH": str(SRC), "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "tradeoff", *args], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(server.calls) < 4 and time.monotonic() < deadline:  # every request is in flight
        time.sleep(0.05)
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert time.monotonic() - start < 1.0 and proc.returncode == 130 and "interrupted" in err
