"""The outcome reward model on a tiny Llama classifier built here: readouts, batching, tokens, the ledger."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from tests.pools.test_summary import sample
from tradeoff.errors import ConfigError
from tradeoff.ledger import Ledger, StoredSample
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import LEDGER, curves, verify
from tradeoff.run.ops import sample as sample_pool
from tradeoff.types import Problem
from tradeoff.verifiers import get_verifier
from tradeoff.verifiers.reward_model import RewardModelVerifier

pytest.importorskip("transformers")

WORDS = [
    "what",
    "is",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "the",
    "answer",
    "let",
    "me",
    "compute",
    "it",
    "step",
    "first",
    "then",
    "so",
    ".",
    "?",
]
SPECIAL = ["[PAD]", "[UNK]", "[BOS]", "[EOS]", "+", "-", "ки"]


def tiny_model(folder: Path, *, head: str = "sequence", labels: int = 2, zero_head: bool = False) -> Path:
    """A 2-layer Llama (hidden 32) with a whitespace word-level tokenizer, saved to ``folder``, seeded.

    ``zero_head`` zeroes the classifier (or LM) head, so every logit is 0: controlled scores."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, LlamaForSequenceClassification, PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate(SPECIAL + WORDS)}
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, unk_token="[UNK]", pad_token="[PAD]", bos_token="[BOS]", eos_token="[EOS]"
    )
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        num_labels=labels,
        pad_token_id=0,
        bos_token_id=2,
        eos_token_id=3,
    )
    model = LlamaForSequenceClassification(config) if head == "sequence" else LlamaForCausalLM(config)
    if zero_head:
        with torch.no_grad():
            (model.score if head == "sequence" else model.lm_head).weight.zero_()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def orm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_model(tmp_path_factory.mktemp("orm"))


PROBLEM = Problem("a", "what is 2 3 ?", "5")
TEXTS = ["let me compute it", "the answer is 5 .", "so 6", "first 2 then 3 so the answer is 5 ."]


def with_text(index: int, text: str) -> StoredSample:
    stored = sample("a", index, "5", True)
    return replace(stored, generation=replace(stored.generation, text=text))


def items(texts: list[str] = TEXTS) -> list[tuple[Problem, StoredSample]]:
    return [(PROBLEM, with_text(i, t)) for i, t in enumerate(texts)]


def test_scores_are_deterministic_batched_like_unbatched_and_count_tokens(orm: Path) -> None:
    from transformers import AutoTokenizer

    one = RewardModelVerifier(model=str(orm), batch_size=1).score(items())
    four = RewardModelVerifier(model=str(orm), batch_size=4).score(items())
    again = RewardModelVerifier(model=str(orm), batch_size=4).score(items())
    assert four == again
    assert [s.score for s in one] == pytest.approx([s.score for s in four], abs=1e-5)
    assert all(0 < s.score < 1 for s in four) and len({round(s.score, 6) for s in four}) > 1
    tokenizer = AutoTokenizer.from_pretrained(orm)
    assert [s.tokens for s in four] == [len(tokenizer(f"{PROBLEM.question}\n\n{t}").input_ids) for t in TEXTS]


def test_the_probability_is_the_softmax_of_the_two_logits(orm: Path) -> None:
    prob = RewardModelVerifier(model=str(orm)).score(items())
    good = RewardModelVerifier(model=str(orm), readout="logit", label=1)
    bad = RewardModelVerifier(model=str(orm), readout="logit", label=0)
    assert good.log_scale and not RewardModelVerifier(model=str(orm)).log_scale
    for p, g, b in zip(prob, good.score(items()), bad.score(items()), strict=True):
        assert p.score == pytest.approx(1 / (1 + math.exp(b.score - g.score)), abs=1e-6)


def test_one_label_reads_its_sigmoid_and_a_zero_head_gives_one_half(tmp_path: Path) -> None:
    folder = tiny_model(tmp_path / "single", labels=1, zero_head=True)
    scored = RewardModelVerifier(model=str(folder)).score(items())
    assert [s.score for s in scored] == pytest.approx([0.5] * len(TEXTS))
    with pytest.raises(ConfigError, match=r"label=3 but single has 1 labels; pass label=0\.\.0"):
        RewardModelVerifier(model=str(folder), label=3).score(items())
    with pytest.raises(ConfigError, match="has no chat template; use format=plain"):
        RewardModelVerifier(model=str(folder), format="chat").score(items())
    with pytest.raises(ConfigError, match="readout must be one of probability, logit"):
        RewardModelVerifier(model=str(folder), readout="odds")


def test_scores_reach_the_ledger_with_identity_and_tokens_and_drive_best_of(orm: Path, tmp_path: Path) -> None:
    spec = {"name": "p", "backend": "mock", "model": "m", "limit": 3, "n": 4, "sampling": {"temperature": 0.7}}
    sample_pool(PoolSpec.parse(spec), tmp_path)
    verifier = get_verifier("reward_model", model=str(orm))
    assert verifier.identity.startswith("reward_model:orm") and "@sha256:" in verifier.identity
    assert verify(tmp_path, pool="p", verifier=verifier) == 12
    with Ledger.open(tmp_path / LEDGER) as ledger:
        stored = ledger.verifier_scores("p", verifier.identity)
    assert len(stored) == 12 and all(0 < s < 1 and t > 0 for s, t in stored.values())
    (pool,) = curves(
        tmp_path, strategies=["best_of"], verifier="reward_model", verifier_options={"model": str(orm)}, resamples=50
    )
    assert pool.verifier == verifier.identity and [p.k for p in pool.points] == [1, 2, 4]
