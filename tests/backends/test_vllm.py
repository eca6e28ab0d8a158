"""The vLLM backend against a fake ``vllm`` module: what it asks the engine for, how it reads the answer.
The real engine is in ``test_vllm_engine.py`` (marker ``vllm``); this fake follows what it showed."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tradeoff.backends.seeding import sample_seed
from tradeoff.errors import BackendError, MissingDependencyError
from tradeoff.types import FinishReason, GenerationRequest, Message, SamplingParams


@dataclass
class FakeSamplingParams:
    n: int = 1
    seed: int | None = None
    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = -1
    max_tokens: int = 16
    stop: list[str] | None = None
    logprobs: int | None = None


@dataclass
class Logprob:
    logprob: float


@dataclass
class CompletionOutput:
    index: int
    text: str
    token_ids: list[int]
    finish_reason: str
    logprobs: list[dict[int, Logprob]] | None = None


@dataclass
class RequestOutput:
    prompt_token_ids: list[int]
    outputs: list[CompletionOutput]
    num_cached_tokens: int | None = None


@dataclass
class LoRARequest:
    lora_name: str
    lora_int_id: int
    lora_path: str


@dataclass
class FakeLLM:
    """Like vLLM V1: ``n=k`` is ``k`` child requests seeded ``seed, seed+1, …``; a child's draw depends on its
    seed only (seed s: ``s % 4 + 2`` tokens, ``length`` for odd s). The first 3 prompt tokens are cached once
    a conversation has been seen, in this call or an earlier one (whole prefix blocks, as vLLM caches)."""

    options: dict[str, Any]
    calls: list[dict[str, Any]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def __init__(self, **options: Any) -> None:
        self.options, self.calls, self.seen = options, [], set()

    def chat(self, conversations: list[list[dict[str, str]]], **kwargs: Any) -> list[RequestOutput]:
        self.calls.append({"conversations": conversations, **kwargs})
        results = []
        for conversation, params in zip(conversations, kwargs["sampling_params"], strict=True):
            content = conversation[-1]["content"]
            if content == "too long":
                raise ValueError("prompt length 9000 exceeds max_model_len\n2048")
            prompt = list(range(len(content.split()) + 4))  # 4 tokens of chat template
            seeds = [params.seed + k for k in range(params.n)]
            outputs = [
                CompletionOutput(
                    index=k,
                    text=f"seed {seed}",
                    token_ids=[100 + k] * (seed % 4 + 2),
                    finish_reason="length" if seed % 2 else "stop",
                    logprobs=[{100 + k: Logprob(-0.25), 1: Logprob(-0.1)}] * (seed % 4 + 2)
                    if params.logprobs
                    else None,
                )
                for k, seed in reversed(list(enumerate(seeds)))  # out of order on purpose
            ]
            results.append(RequestOutput(prompt, outputs, num_cached_tokens=3 if content in self.seen else 0))
            self.seen.add(content)
        return results


@pytest.fixture
def fake_vllm(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    vllm = types.ModuleType("vllm")
    vllm.LLM = FakeLLM  # type: ignore[attr-defined]
    vllm.SamplingParams = FakeSamplingParams  # type: ignore[attr-defined]
    lora = types.ModuleType("vllm.lora")
    request = types.ModuleType("vllm.lora.request")
    request.LoRARequest = LoRARequest  # type: ignore[attr-defined]
    for name, module in {"vllm": vllm, "vllm.lora": lora, "vllm.lora.request": request}.items():
        monkeypatch.setitem(sys.modules, name, module)
    return vllm


def ask(text: str, indices: tuple[int, ...] = (0, 1, 2, 3), **params: Any) -> GenerationRequest:
    options = {"temperature": 0.7, "seed": 11, "max_tokens": 64, **params}
    return GenerationRequest(
        messages=(Message("user", text),), params=SamplingParams(**options), sample_indices=indices
    )


def test_one_engine_call_with_one_seeded_request_per_sample(fake_vllm: types.ModuleType) -> None:
    from tradeoff.backends.vllm import VLLMBackend

    backend = VLLMBackend("Qwen/Qwen2.5-1.5B-Instruct", seed=5)
    requests = [ask("two plus two"), ask("three times three", indices=(4, 5), top_k=20, stop=("\n\n",))]
    pools = backend.generate(requests)
    llm = backend._llm
    assert llm.options["model"] == "Qwen/Qwen2.5-1.5B-Instruct"  # a hub id passes through
    assert llm.options["enable_prefix_caching"] is True and llm.options["seed"] == 5
    assert "enable_lora" not in llm.options
    [call] = llm.calls
    assert call["lora_request"] is None and call["use_tqdm"] is False
    assert call["conversations"][4] == [{"role": "user", "content": "three times three"}]
    params = call["sampling_params"]
    assert [p.n for p in params] == [1] * 6
    seeds = [sample_seed(11, r.messages, i) for r in requests for i in r.sample_indices]
    assert [p.seed for p in params] == seeds
    assert (params[0].top_k, params[4].top_k, params[4].stop, params[0].logprobs) == (-1, 20, ["\n\n"], None)
    assert [g.text for pool in pools for g in pool] == [f"seed {s}" for s in seeds]
    assert [g.seed for pool in pools for g in pool] == seeds


def test_sample_i_is_the_same_draw_however_the_pool_is_cut(fake_vllm: types.ModuleType) -> None:
    from tradeoff.backends.vllm import VLLMBackend

    backend = VLLMBackend("org/m")
    [whole] = backend.generate([ask("a b c", indices=(0, 1, 2, 3))])
    pieces = [g for cut in [(2,), (0, 1), (3,)] for g in backend.generate([ask("a b c", indices=cut)])[0]]
    assert {g.seed: g.text for g in pieces} == {g.seed: g.text for g in whole}


def test_usage_counts_each_samples_own_cache_hits(fake_vllm: types.ModuleType) -> None:
    from tradeoff.backends.vllm import VLLMBackend

    backend = VLLMBackend("org/m")
    [pool] = backend.generate([ask("a b c")])
    assert [g.prompt_tokens for g in pool] == [7] * 4
    assert [g.prefill_tokens for g in pool] == [7, 4, 4, 4]  # the siblings reuse the cached prefix blocks
    assert [g.completion_tokens for g in pool] == [g.seed % 4 + 2 for g in pool]
    assert [g.finish_reason for g in pool] == [FinishReason.LENGTH if g.seed % 2 else FinishReason.STOP for g in pool]
    assert sum(g.seconds for g in pool) > 0 and len({g.seconds for g in pool}) == 1
    [again] = backend.generate([ask("a b c", indices=(4,))])
    assert again[0].prefill_tokens == 7 - 3


def test_a_gguf_alias_is_served_from_its_converted_folder(
    fake_vllm: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradeoff.backends import vllm as module

    monkeypatch.setattr(module, "pretrained_source", lambda name: str(tmp_path / f"converted-{name}"))
    backend = module.VLLMBackend("smollm2-135m")
    backend.generate([ask("x", indices=(0,))])
    assert backend._llm.options["model"] == str(tmp_path / "converted-smollm2-135m")
    assert backend.identity == "vllm/smollm2-135m"


def test_logprobs_are_the_sampled_tokens(fake_vllm: types.ModuleType) -> None:
    from tradeoff.backends.vllm import VLLMBackend

    [pool] = VLLMBackend("org/m").generate([ask("x", indices=(0, 1), logprobs=True)])
    assert all(g.token_logprobs == (-0.25,) * g.completion_tokens for g in pool)
    assert VLLMBackend("org/m")._llm is None  # the engine starts on first use, not in the constructor


def test_adapter_is_a_lora_request(fake_vllm: types.ModuleType) -> None:
    from tradeoff.backends.vllm import VLLMBackend

    backend = VLLMBackend("org/base", adapter="/runs/lora/gsm8k-r16")
    backend.generate([ask("x", indices=(0,), temperature=0.0)])
    assert backend._llm.options["enable_lora"] is True
    assert backend._llm.calls[0]["lora_request"] == LoRARequest("gsm8k-r16", 1, "/runs/lora/gsm8k-r16")
    assert backend.identity == "vllm/org/base+/runs/lora/gsm8k-r16"
    backend.close()
    backend.close()


def test_engine_errors_are_one_line_backend_errors(fake_vllm: types.ModuleType) -> None:
    from tradeoff.backends.vllm import VLLMBackend

    with pytest.raises(BackendError, match="max_model_len 2048"):
        VLLMBackend("org/m").generate([ask("too long", indices=(0,))])


def test_missing_vllm_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from tradeoff.backends.vllm import VLLMBackend

    monkeypatch.setitem(sys.modules, "vllm", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'tradeoff\[vllm\]'"):
        VLLMBackend("org/m")


def test_engine_settings_are_checked_before_anything_loads() -> None:
    from tradeoff.backends.vllm import VLLMBackend
    from tradeoff.errors import ConfigError

    with pytest.raises(ConfigError, match="vllm backend: batch_size: Input should be greater than or equal to 1"):
        VLLMBackend("m", batch_size=0)
    with pytest.raises(ConfigError, match="vllm backend: bogus: Extra inputs are not permitted"):
        VLLMBackend("m", bogus=1)
