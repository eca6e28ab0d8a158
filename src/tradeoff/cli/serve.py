"""``tradeoff serve``: an OpenAI-compatible chat-completions server over any backend, on 127.0.0.1."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from tradeoff.backends import get_backend
from tradeoff.cli.common import console, parse_options
from tradeoff.serve.server import ChatServer, ServeOptions


def command(
    model: Annotated[str, typer.Option(help="Model name or alias.")] = "smollm2-135m",
    backend: Annotated[str, typer.Option(help="Backend: hf, vllm, llamacpp, openai or mock.")] = "hf",
    adapter: Annotated[str | None, typer.Option(help="A LoRA adapter folder.")] = None,
    backend_option: Annotated[list[str] | None, typer.Option(help="Backend setting key=value.")] = None,
    host: Annotated[str, typer.Option(help="Address to bind; it has no authentication.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free port).")] = 8000,
    seed: Annotated[int, typer.Option(help="Seed of requests that send none.")] = 0,
    max_tokens: Annotated[int, typer.Option(help="Default max tokens of requests that send none.")] = 512,
    logprobs_always: Annotated[bool, typer.Option(help="Compute token log-probabilities for every request.")] = False,
    duration: Annotated[float | None, typer.Option(help="Stop after this many seconds [default: never].")] = None,
) -> None:
    """Serve POST /v1/chat/completions and GET /v1/models over a tradeoff backend."""
    options = parse_options(backend_option, flag="--backend-option")
    engine = get_backend(backend, model, adapter=adapter, **options)
    serving = ServeOptions(host=host, port=port, model_name=model, seed=seed, max_tokens=max_tokens,
                           logprobs_always=logprobs_always)  # fmt: skip
    try:
        server = ChatServer(engine, serving)
        with server:
            console.print(f"serving {engine.identity} as {model!r} at {server.url} (Ctrl-C stops)")
            deadline = None if duration is None else time.monotonic() + duration
            while deadline is None or time.monotonic() < deadline:
                time.sleep(0.1 if deadline is not None else 1.0)
            tally = server.tally()
            console.print(f"served {tally.calls} calls: {tally.completion_tokens} generated tokens")
    finally:
        engine.close()
