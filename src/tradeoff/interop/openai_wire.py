"""The OpenAI chat-completions wire format: a request body in, tradeoff records out, and back.

- :func:`parse_request`: ``messages`` (system/user/assistant; text content parts), ``n``, ``seed``,
  ``temperature`` (OpenAI's default 1.0), ``top_p``, ``max_tokens`` or ``max_completion_tokens``, ``stop``
  (a string or a list) and ``logprobs`` → messages, :class:`SamplingParams` and ``n``. Other fields are
  ignored. Malformed bodies raise ``ConfigError`` (the server answers 400 with its message).
- :func:`completion_body`: one call's generations → ``choices`` (with ``logprobs.content`` when asked for)
  and ``usage``: ``prompt_tokens`` once per call (as OpenAI reports it, ``n`` or not), the
  ``completion_tokens`` of all choices, and ``prompt_tokens_details.cached_tokens`` = prompt tokens the
  engine did not compute (what tradeoff's ``openai`` backend reads back as prefill).
- :func:`error_body`: OpenAI's error shape.

Reference: https://platform.openai.com/docs/api-reference/chat/create
"""

from __future__ import annotations

import time
from typing import Any

from tradeoff.errors import ConfigError
from tradeoff.types import Generation, Message, SamplingParams


def parse_request(
    body: dict[str, Any], *, max_tokens: int, logprobs: bool, max_n: int = 64, token_cap: int = 8192
) -> tuple[tuple[Message, ...], SamplingParams, int]:
    """Messages, sampling parameters and ``n`` of a chat-completions body; ConfigError when malformed or over
    the server's caps (``n`` ≤ ``max_n``, max tokens ≤ ``token_cap``)."""
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise ConfigError("'messages' must be a non-empty list of {role, content}")
    messages = []
    for m in raw:
        if not isinstance(m, dict) or m.get("role") not in ("system", "user", "assistant"):
            raise ConfigError("each message needs a role of 'system', 'user' or 'assistant'")
        messages.append(Message(m["role"], _text(m.get("content"))))
    n = body.get("n", 1)
    if n is None:
        n = 1
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= max_n:
        raise ConfigError(f"n must be an integer from 1 to {max_n} (this server's cap), got {n!r}")
    stop = body.get("stop") or ()
    limit = body.get("max_completion_tokens") or body.get("max_tokens") or max_tokens
    temperature = body.get("temperature")
    params = SamplingParams.checked(
        temperature=1.0 if temperature is None else float(temperature),
        top_p=float(body.get("top_p") or 1.0),
        max_tokens=int(limit),
        seed=int(body["seed"]) if body.get("seed") is not None else 0,
        logprobs=logprobs or bool(body.get("logprobs")),
        stop=(stop,) if isinstance(stop, str) else tuple(str(s) for s in stop),
    )
    if params.max_tokens > token_cap:
        raise ConfigError(f"max_tokens must be at most {token_cap} (this server's cap), got {params.max_tokens}")
    return tuple(messages), params, n


def _text(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI's content parts: keep the text ones
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def completion_body(model: str, call: int, generations: list[Generation], *, logprobs: bool) -> dict[str, Any]:
    """The chat-completions response for one call's generations."""
    prompt = generations[0].prompt_tokens
    computed = sum(g.prefill_tokens for g in generations)
    choices = []
    for k, g in enumerate(generations):
        entries: dict[str, Any] | None = None
        if logprobs and g.token_logprobs is not None:
            entries = {
                "content": [{"token": "", "logprob": x, "bytes": None, "top_logprobs": []} for x in g.token_logprobs]
            }
        message = {"role": "assistant", "content": g.text}
        choices.append({"index": k, "message": message, "finish_reason": g.finish_reason.value, "logprobs": entries})
    completion = sum(g.completion_tokens for g in generations)
    usage = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": max(prompt - computed, 0)},
    }
    return {"id": f"chatcmpl-{call}", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": choices, "usage": usage}  # fmt: skip


def error_body(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "code": None}}
