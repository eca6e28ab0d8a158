"""Any OpenAI-compatible chat-completions server: ``vllm serve``, SGLang, llama.cpp's server, OpenAI.

Sampling. Samples ``i1..ik`` of one prompt go out as one call with ``n=k`` and the seed of ``i1`` where the
server honours ``n`` (vLLM, SGLang, OpenAI), or as ``k`` calls without ``n``, each with its own
:func:`~tradeoff.backends.seeding.sample_seed`. llama.cpp's server silently ignores ``n`` and answers one
choice, so with ``use_n="auto"`` the backend's first multi-sample call is sent alone as a probe; if fewer
choices come back than asked, the backend remembers for its lifetime that ``n`` is not honoured. Missing
samples of any short answer are then asked for one call each. (its_hub always sends N separate calls.)

Usage. ``prompt_tokens`` is the server's ``usage.prompt_tokens`` on every sample (servers report the prompt
once per call, even with ``n``). ``prefill_tokens``: an ``n`` call computes the prompt once, so it counts on
the first sample only; a one-sample call counts it whole, less ``usage.prompt_tokens_details.cached_tokens``
when the server reports prefix-cache hits, or llama.cpp's ``timings.prompt_n`` (tokens it evaluated).
``completion_tokens``: servers report one total per call; :func:`split_completion_tokens` shares it over the
choices by their logprob counts when logprobs were asked for (one entry per token: exact), else by text
length in characters. A one-choice call gets the total exactly. ``seconds``: the call's wall time (retries
included) split evenly over its choices.

Faults (:mod:`tradeoff.backends.openai_http`). ``timeout`` bounds one attempt from connecting to the
last byte; a call is retried ``max_retries`` times on timeouts, lost connections, 408/409/429/5xx and 200s
whose body is not a chat completion, after ``Retry-After`` when given, and gives up within ``retry_budget``
seconds in all, naming the tries, the time and the last fault. Other 4xx are not retried. At most
``concurrency`` calls are in flight, on daemon threads, so Ctrl-C returns at once. A call that still fails
does not discard the others: :meth:`OpenAIBackend.generate` raises :class:`BatchIncompleteError` carrying
every answer received, which the pool sampler stores before it reports the failure.

Secrets. The key is ``api_key`` when given inline (accepted, but redacted wherever options are stored or
printed), else the variable that ``api_key_env`` names, else ``OPENAI_API_KEY``. Credentials in
``base_url`` are sent as HTTP basic auth when no key is set, and are no part of :attr:`identity` or of any
message.

Adapters. vLLM serves a LoRA adapter under its own model name (``vllm serve BASE --enable-lora
--lora-modules NAME=PATH``), so with ``adapter`` set the request's ``model`` is the adapter name.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradeoff.backends.openai_http import Endpoint, HTTPRefused, Limits, call
from tradeoff.backends.seeding import sample_seed
from tradeoff.backends.threads import fan_out
from tradeoff.errors import BackendError, BatchIncompleteError, ConfigError
from tradeoff.types import FinishReason, Generation, GenerationRequest

UseN = Literal["auto", "always", "never"]
DEFAULT_BASE_URL = "https://api.openai.com/v1"


def split_completion_tokens(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (evenly when all are 0) into integers that add up to it.

    Largest remainders get the leftover tokens, ties going to the earlier choice, so the split is
    deterministic.
    """
    if not weights:
        return []
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    parts, remainders = zip(*(divmod(total * w, whole) for w in weights), strict=True)
    result = list(parts)
    for k in sorted(range(len(result)), key=lambda k: (-remainders[k], k))[: total - sum(result)]:
        result[k] += 1
    return result


def _finish(reason: object) -> FinishReason:
    """``length`` stays ``length``; ``stop``, ``eos`` (some servers) and anything else mean it stopped."""
    return FinishReason.LENGTH if reason == "length" else FinishReason.STOP


@dataclass(frozen=True, slots=True)
class _Job:
    """One HTTP call: samples ``indices`` of request number ``slot`` (several: one call with ``n``)."""

    slot: int
    indices: tuple[int, ...]


class OpenAIOptions(BaseModel):
    """The backend's settings (``--backend-option``): the server's base URL, the key (or the environment
    variable holding it), parallel requests, the per-request timeout and retries, the total time all retries may
    take, whether to ask for ``n`` samples per call, and requests per batch."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str | None = None
    api_key: str | None = Field(None, repr=False)
    api_key_env: str | None = None
    concurrency: int = 8
    timeout: float = 120.0
    max_retries: int = 5
    retry_budget: float = 300.0
    use_n: UseN = "auto"
    batch_size: int = 64


def _checked(options: Mapping[str, Any]) -> OpenAIOptions:
    try:
        return OpenAIOptions.model_validate(dict(options))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"bad option for backend 'openai' ({problems})") from None


class OpenAIBackend:
    Options: ClassVar[type[BaseModel]] = OpenAIOptions
    name = "openai"

    def __init__(self, model: str, *, adapter: str | None = None, **options: Any) -> None:
        o = _checked(options)
        concurrency, batch_size, max_retries, timeout = o.concurrency, o.batch_size, o.max_retries, o.timeout
        retry_budget, use_n, base_url, api_key, api_key_env = (
            o.retry_budget,
            o.use_n,
            o.base_url,
            o.api_key,
            o.api_key_env,
        )
        if concurrency < 1 or batch_size < 1 or max_retries < 0 or not 0 < timeout < float("inf"):
            raise ConfigError("openai backend needs concurrency, batch_size >= 1, max_retries >= 0, 0 < timeout < inf")
        if not 0 < retry_budget < float("inf"):
            raise ConfigError(f"openai backend needs 0 < retry_budget < inf (seconds), got {retry_budget!r}")
        if api_key_env is not None and not os.environ.get(api_key_env):
            raise ConfigError(f"api_key_env names the environment variable {api_key_env!r}, which is not set")
        self.model, self.adapter = model, adapter
        base = (base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        key = api_key or (os.environ.get(api_key_env) if api_key_env else None) or os.environ.get("OPENAI_API_KEY")
        self._endpoint = Endpoint(base, key)
        self.base_url = self._endpoint.shown  # credentials stripped: safe to print
        self.concurrency, self.timeout, self.max_retries = int(concurrency), float(timeout), int(max_retries)
        self._limits = Limits(timeout=self.timeout, max_retries=self.max_retries, retry_budget=float(retry_budget))
        self.use_n: UseN = use_n
        self.batch_size = int(batch_size)
        self._n_honoured: bool | None = {"always": True, "never": False}.get(use_n)
        self._cancel = threading.Event()

    @property
    def identity(self) -> str:
        return f"openai/{self._endpoint.netloc}/{self.model}" + (f"+{self.adapter}" if self.adapter else "")

    @property
    def n_honoured(self) -> bool | None:
        """Whether the server honours ``n``: ``None`` until the first multi-sample call has answered."""
        return self._n_honoured

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        found: list[dict[int, Generation]] = [{} for _ in requests]
        failed: list[tuple[_Job, BackendError]] = []
        pending = [_Job(slot, r.sample_indices) for slot, r in enumerate(requests)]
        if self._n_honoured is None:
            probe = next((job for job in pending if len(job.indices) > 1), None)
            if probe is not None:  # find out alone, before the batch fans out
                pending.remove(probe)
                pending += self._run([probe], requests, found, failed)
        while pending:  # at most two more rounds: a short answer's missing samples go one call each
            pending = self._run([part for job in pending for part in self._split(job)], requests, found, failed)
        if failed and not any(found):
            raise failed[0][1]  # nothing arrived: the error itself
        if failed:
            lost = sum(len(job.indices) for job, _ in failed)
            raise BatchIncompleteError(
                f"{lost} of {sum(r.n for r in requests)} samples failed ({failed[0][1]}); the answers that "
                "arrived are kept",
                partial=found,
            )
        return [[found[slot][i] for i in r.sample_indices] for slot, r in enumerate(requests)]

    def _split(self, job: _Job) -> list[_Job]:
        if len(job.indices) == 1 or self._n_honoured is not False:
            return [job]
        return [_Job(job.slot, (i,)) for i in job.indices]

    def _run(
        self,
        jobs: list[_Job],
        requests: Sequence[GenerationRequest],
        found: list[dict[int, Generation]],
        failed: list[tuple[_Job, BackendError]],
    ) -> list[_Job]:
        """Send ``jobs``, at most ``concurrency`` in flight; return one-sample jobs for missing samples."""
        missing: list[_Job] = []
        results = fan_out(lambda job: self._call(requests[job.slot], job.indices), jobs, self.concurrency, self._cancel)
        for job, result in zip(jobs, results, strict=True):
            if isinstance(result, BackendError):
                failed.append((job, result))
                continue
            if isinstance(result, BaseException):
                raise result
            found[job.slot].update(zip(job.indices, result, strict=False))
            if len(job.indices) > 1 and self._n_honoured is None:  # only "auto" leaves it unknown
                self._n_honoured = len(result) == len(job.indices)
            missing += [_Job(job.slot, (i,)) for i in job.indices[len(result) :]]
        return missing

    def _call(self, request: GenerationRequest, indices: tuple[int, ...]) -> list[Generation]:
        params = request.params
        seed = sample_seed(params.seed, request.messages, indices[0])
        payload: dict[str, Any] = {
            "model": self.adapter or self.model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
            "seed": seed,
        }
        if len(indices) > 1:
            payload["n"] = len(indices)
        if params.stop:
            payload["stop"] = list(params.stop)
        if params.logprobs:
            payload["logprobs"] = True
        if params.top_k:  # not in OpenAI's API; vLLM, SGLang and llama.cpp read it from the body
            payload["top_k"] = params.top_k
        start = time.perf_counter()
        try:
            response = call(self._endpoint, payload, self._limits, self._cancel)
        except HTTPRefused as exc:
            raise BackendError(f"{self.base_url} answered {exc}; {self._hint(exc.status)}") from None
        return self._generations(response, request, indices, seed, time.perf_counter() - start)

    def _generations(
        self, response: dict[str, Any], request: GenerationRequest, indices: tuple[int, ...], seed: int, seconds: float
    ) -> list[Generation]:
        choices = sorted(response["choices"], key=lambda c: c.get("index") or 0)[: len(indices)]
        usage = response["usage"]
        prompt = int(usage.get("prompt_tokens") or 0)
        texts = [choice["message"].get("content") or "" for choice in choices]
        logprobs = [_token_logprobs(choice) for choice in choices]
        counted = [lp for lp in logprobs if lp is not None]
        weights = [len(lp) for lp in counted] if len(counted) == len(choices) else [len(t) for t in texts]
        completions = split_completion_tokens(int(usage.get("completion_tokens") or 0), weights)
        prefill = _prefill(response, prompt)
        keep = request.params.logprobs
        return [
            Generation(
                text=texts[k],
                prompt_tokens=prompt,
                prefill_tokens=prefill if k == 0 else 0,
                completion_tokens=completions[k],
                finish_reason=_finish(choice.get("finish_reason")),
                seconds=seconds / len(choices),
                token_logprobs=logprobs[k] if keep else None,
                seed=seed,
            )
            for k, choice in enumerate(choices)
        ]

    def _hint(self, status: int) -> str:
        key = "the API key was refused: set OPENAI_API_KEY, or name your variable with api_key_env"
        return {
            401: key,
            403: key,
            404: f"is base_url right (…/v1) and {self.adapter or self.model!r} served (GET /v1/models)?",
        }.get(status, "check the model name and sampling options")

    def close(self) -> None:
        self._cancel.set()


def _token_logprobs(choice: dict[str, Any]) -> tuple[float, ...] | None:
    content = (choice.get("logprobs") or {}).get("content") if isinstance(choice.get("logprobs"), dict) else None
    if not isinstance(content, list):
        return None
    return tuple(float(entry["logprob"]) for entry in content if isinstance(entry, dict) and "logprob" in entry)


def _prefill(response: dict[str, Any], prompt: int) -> int:
    """Prompt tokens the server computed: less its reported prefix-cache hits, or llama.cpp's own count."""
    details = response["usage"].get("prompt_tokens_details")
    cached = details.get("cached_tokens") if isinstance(details, dict) else None
    if isinstance(cached, int):
        return max(prompt - int(cached), 0)
    timings = response.get("timings")
    if isinstance(timings, dict) and isinstance(timings.get("prompt_n"), int):
        return int(timings["prompt_n"])
    return prompt
