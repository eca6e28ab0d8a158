"""How long does each server fault take to become a clear error in the ``openai`` backend, against its bound?

    .venv/bin/python benchmarks/bench_faults.py [--timeout 1 --max-retries 2 --retry-budget 5]

A fake OpenAI-compatible server (``tests/fake_openai.py``, a thread on 127.0.0.1) plays one fault at a time;
the backend asks for one greedy sample. The documented bound of a fault that is retried is

    min(retry_budget, (max_retries + 1) × timeout + Σ backoff),   Σ backoff ≤ 0.5 + 1 + 2 + … (max_retries terms)

where a fault that answers at once spends no timeout, and ``Retry-After`` replaces the backoff (one beyond the
budget gives up at once). A 4xx is not retried. Ctrl-C is measured on the ``tradeoff sample`` command line
(SIGINT while every request hangs): the process must exit within 1 s. "a failing request" sends three
prompts, one of which always gets a 500: the two answers that arrived must be kept. The baseline row is a
healthy answer from the same server, in the same run.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.fake_openai import FaultServer, fault_server  # noqa: E402

from tradeoff.backends.openai_compat import OpenAIBackend  # noqa: E402
from tradeoff.errors import BatchIncompleteError, TradeoffError  # noqa: E402
from tradeoff.types import GenerationRequest, Message, SamplingParams  # noqa: E402


def request(text: str = "What is 2 + 2?") -> GenerationRequest:
    params = SamplingParams(temperature=0.0, max_tokens=16)
    return GenerationRequest(messages=(Message("user", text),), params=params, sample_indices=(0,))


def attempt(server: FaultServer, options: dict[str, float], texts: list[str]) -> tuple[float, str]:
    backend = OpenAIBackend("tiny", base_url=server.url, **options)  # type: ignore[arg-type]
    start = time.monotonic()
    try:
        backend.generate([request(t) for t in texts])
        outcome = "answered"
    except BatchIncompleteError as exc:
        kept = sum(len(p) for p in exc.partial)
        outcome = f"{kept} kept: {exc}"
    except TradeoffError as exc:
        outcome = str(exc)
    return time.monotonic() - start, outcome


def ctrl_c(server: FaultServer) -> tuple[float, str]:
    server.mode, server.calls = "hang", []
    with TemporaryDirectory() as tmp:
        args = [sys.executable, "-m", "tradeoff", "sample", "--run", tmp, "--backend", "openai", "--model", "tiny"]
        args += ["--limit", "4", "--backend-option", f"base_url={server.url}", "--backend-option", "timeout=60"]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OMP_NUM_THREADS": "1"}
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len(server.calls) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        return time.monotonic() - start, f"exit {proc.returncode}: {err.strip()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--max-retries", type=int, default=2)
    parser.add_argument("--retry-budget", type=float, default=5.0)
    a = parser.parse_args()
    options = {"timeout": a.timeout, "max_retries": a.max_retries, "retry_budget": a.retry_budget}
    backoff = sum(min(0.5 * 2**i, 8.0) for i in range(a.max_retries))
    quick = min(a.retry_budget, backoff + 0.5)  # answered at once: only the backoffs (+ slack for the calls)
    slow = min(a.retry_budget, (a.max_retries + 1) * a.timeout + backoff + 0.5)
    faults: list[tuple[str, str, dict[str, object], float]] = [
        ("baseline: a healthy answer", "ok", {}, 0.5),
        ("200, body not JSON", "malformed", {}, quick),
        ("200, JSON not a chat completion", "shape", {}, quick),
        ("body truncated (Content-Length)", "truncated", {}, quick),
        ("connection closed, no answer", "reset", {}, quick),
        ("HTTP 500 on every try", "500", {}, quick),
        ("429 with Retry-After: 1", "retry_after", {"retry_after": 1}, min(a.retry_budget, a.max_retries + 0.5)),
        ("429 with Retry-After: 600", "retry_after", {"retry_after": 600}, 0.5),
        ("401 (wrong key)", "401", {}, 0.5),
        ("a 1-byte/0.1 s trickle", "trickle", {"trickle_s": 0.1}, slow),
        ("no answer at all (hang)", "hang", {}, slow),
    ]
    rows = []
    with fault_server() as server:
        for name, mode, settings, bound in faults:
            server.mode, server.fail_first, server.calls = mode, None, []
            for key, value in settings.items():
                setattr(server, key, value)
            seconds, outcome = attempt(server, options, ["What is 2 + 2?"])
            rows.append((name, seconds, bound, outcome))
        server.mode, server.fail_text = "fail_prompt", "FAIL"
        seconds, outcome = attempt(server, options, ["What is 1 + 1?", "FAIL", "What is 3 + 3?"])
        rows.append(("a failing request among three", seconds, quick, outcome))
        seconds, outcome = ctrl_c(server)
        rows.append(("Ctrl-C while every request hangs", seconds, 1.0, outcome))
    print(f"openai backend faults: timeout {a.timeout:g} s, max_retries {a.max_retries}, "
          f"retry_budget {a.retry_budget:g} s; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print("| fault | time to error (s) | bound (s) | within | what the user reads |\n| --- | ---: | ---: | --- | --- |")
    for name, seconds, bound, outcome in rows:
        text = outcome if len(outcome) < 150 else outcome[:147] + "..."
        print(f"| {name} | {seconds:.2f} | {bound:.2f} | {'yes' if seconds <= bound else 'NO'} | {text} |")


if __name__ == "__main__":
    main()
