"""The llama.cpp backend through the real engine (llama-cpp-python) on the real SmolLM2-135M GGUF.

Marker ``llamacpp``: excluded from ``make test``; ``make test-llamacpp`` (and its CI step) selects it. Every
test skips with the reason when llama-cpp-python or the model package is missing.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends.engines import ask, needs_smollm2, record, tiny_adapter
from tradeoff.backends.llamacpp import LlamaCppBackend
from tradeoff.types import FinishReason, Generation, GenerationRequest

pytestmark = pytest.mark.llamacpp
llama_cpp = pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (make test-llamacpp)")
ENGINE = f"llama.cpp (llama-cpp-python {llama_cpp.__version__})"
QUESTION = "What is 17 + 25? Answer with a number."


@pytest.fixture(scope="module")
def backend() -> Iterator[LlamaCppBackend]:
    needs_smollm2()
    engine = LlamaCppBackend("smollm2-135m", n_ctx=1024)
    yield engine
    engine.close()


def generate(backend: LlamaCppBackend, *requests: GenerationRequest) -> list[list[Generation]]:
    pools = backend.generate(requests)
    record(ENGINE, pools)
    return pools


def test_a_batch_of_prompts_reuses_each_prompts_kv_cache(backend: LlamaCppBackend) -> None:
    system = "You are a careful calculator. Think, then give the final answer."
    first, second = generate(
        backend, ask(QUESTION, (0, 1, 2, 3), system=system), ask("What is 9 * 8?", (0, 1, 2), system=system)
    )
    assert [len(first), len(second)] == [4, 3]
    prompt = first[0].prompt_tokens
    assert prompt > 20 and all(g.prompt_tokens == prompt for g in first)
    assert first[0].prefill_tokens <= prompt  # the opening tokens may still be cached from an earlier test
    assert [g.prefill_tokens for g in first[1:]] == [1, 1, 1]  # only the last prompt token is re-run
    # the second prompt shares the system turn with the first: only the rest of it is evaluated
    assert 1 < second[0].prefill_tokens < second[0].prompt_tokens - 10
    assert [g.prefill_tokens for g in second[1:]] == [1, 1]
    assert all(0 < g.completion_tokens <= 24 and g.seconds > 0 for pool in (first, second) for g in pool)
    assert len({g.text for g in first}) > 1  # four different draws


def test_sample_i_is_the_same_draw_across_batch_cuts_and_runs(backend: LlamaCppBackend) -> None:
    [whole] = generate(backend, ask(QUESTION, (0, 1, 2, 3), temperature=1.0))
    cut = [generate(backend, ask(QUESTION, indices, temperature=1.0))[0] for indices in [(2,), (0, 1), (3,)]]
    pieces = {g.seed: g.text for pool in cut for g in pool}
    assert [pieces[g.seed] for g in whole] == [g.text for g in whole]
    fresh = LlamaCppBackend("smollm2-135m", n_ctx=1024)  # a new engine: another run
    try:
        [again] = generate(fresh, ask(QUESTION, (3, 1), temperature=1.0))
    finally:
        fresh.close()
    assert [g.text for g in again] == [whole[3].text, whole[1].text]


def test_finish_reasons_and_stop_strings(backend: LlamaCppBackend) -> None:
    [[cut]] = generate(backend, ask(QUESTION, temperature=0.0, max_tokens=3))
    assert cut.finish_reason is FinishReason.LENGTH and cut.completion_tokens == 3
    [[done]] = generate(backend, ask("Say yes.", temperature=0.0, max_tokens=200))
    assert done.finish_reason is FinishReason.STOP and done.completion_tokens < 200
    [[plain]] = generate(backend, ask("Count from 1 to 5, one number per line.", temperature=0.0, max_tokens=40))
    [[stopped]] = generate(
        backend, ask("Count from 1 to 5, one number per line.", temperature=0.0, max_tokens=40, stop=("3",))
    )
    assert "3" in plain.text and "3" not in stopped.text and plain.text.startswith(stopped.text)
    assert stopped.finish_reason is FinishReason.STOP and stopped.completion_tokens < plain.completion_tokens


def test_logprobs_cover_every_generated_token(backend: LlamaCppBackend) -> None:
    [pool] = generate(backend, ask(QUESTION, (0, 1), logprobs=True))
    for g in pool:
        assert g.token_logprobs is not None and len(g.token_logprobs) == g.completion_tokens
        assert all(math.isfinite(lp) and lp <= 0 for lp in g.token_logprobs)
    [[greedy]] = generate(backend, ask(QUESTION, temperature=0.0, logprobs=True, max_tokens=8))
    assert greedy.token_logprobs is not None and max(greedy.token_logprobs) > -1.0  # greedy picks likely tokens


def test_a_peft_adapter_converted_to_gguf_is_served(tmp_path: Path, backend: LlamaCppBackend) -> None:
    from tradeoff.train.gguf_adapter import export_gguf_adapter

    peft_folder = tiny_adapter(tmp_path / "adapter")
    gguf = export_gguf_adapter(peft_folder, tmp_path / "adapter.gguf", model="smollm2-135m")
    tuned = LlamaCppBackend("smollm2-135m", adapter=str(gguf), n_ctx=1024)
    try:
        [[with_adapter]] = generate(tuned, ask(QUESTION, temperature=0.0, max_tokens=12))
    finally:
        tuned.close()
    [[without]] = generate(backend, ask(QUESTION, temperature=0.0, max_tokens=12))
    assert tuned.identity.endswith(f"+{gguf}")
    assert with_adapter.text != without.text and with_adapter.completion_tokens > 0
