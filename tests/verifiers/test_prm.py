"""The process reward model on tiny Llamas built in the test: step scores, aggregation, tokens, the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.verifiers.test_reward_model import PROBLEM, items, tiny_model
from tradeoff.errors import ConfigError
from tradeoff.ledger import Ledger
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import LEDGER, verify
from tradeoff.run.ops import sample as sample_pool
from tradeoff.verifiers import StepVerifier, get_verifier
from tradeoff.verifiers.prm import PrmOptions, ProcessRewardVerifier
from tradeoff.verifiers.reward_model import RewardModelVerifier
from tradeoff.verifiers.steps import aggregate, split_steps

pytest.importorskip("transformers")

STEPS = [["first 2 then 3"], ["first 2 then 3", "so 5"], ["let me compute it", "2 3 is 5", "the answer is 5 ."]]
TEXTS = ["\n\n".join(steps) for steps in STEPS]


@pytest.fixture(scope="module")
def causal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_model(tmp_path_factory.mktemp("prm"), head="causal")


@pytest.fixture(scope="module")
def classifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_model(tmp_path_factory.mktemp("prm_seq"))


def test_aggregations_as_defined_on_controlled_step_scores() -> None:
    scores = (0.9, 0.5, 0.8)
    assert aggregate(scores, "last") == 0.8 and aggregate(scores, "min") == 0.5
    assert aggregate(scores, "product") == pytest.approx(0.36) and aggregate(scores, "mean") == pytest.approx(2.2 / 3)
    with pytest.raises(ConfigError, match="aggregate must be one of last, min, product, mean"):
        aggregate(scores, "max")  # type: ignore[arg-type]
    assert split_steps("a\n\nb\n \t\nc\nd\n\n") == ["a", "b", "c\nd"] and split_steps("  ") == [""]


def test_token_scheme_scores_each_step_at_its_tag_deterministically(causal: Path) -> None:
    prm: StepVerifier = ProcessRewardVerifier(PrmOptions(model=str(causal), batch_size=1))
    batched = ProcessRewardVerifier(PrmOptions(model=str(causal), batch_size=3))
    one = prm.score_steps([(PROBLEM, s) for s in STEPS])
    three = batched.score_steps([(PROBLEM, s) for s in STEPS])
    assert [len(s.scores) for s in three] == [1, 2, 3]
    for a, b in zip(one, three, strict=True):
        assert a.scores == pytest.approx(b.scores, abs=1e-5) and a.tokens == b.tokens
    assert three[1].scores[0] == pytest.approx(three[0].scores[0], abs=1e-6)  # a step sees only its prefix
    assert all(0 < s < 1 for s in three[2].scores) and len({round(s, 6) for s in three[2].scores}) == 3
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(causal)
    enc = lambda text: tok.encode(text, add_special_tokens=False)  # noqa: E731
    for steps, scored in zip(STEPS, three, strict=True):
        expected = len(tok("").input_ids) + len(enc(PROBLEM.question + " ")) + (len(steps) - 1) * len(enc("\n"))
        assert scored.tokens == expected + sum(len(enc(step + " ")) + 1 for step in steps)


@pytest.mark.parametrize("how", ["last", "min", "product", "mean"])
def test_a_sample_scores_the_aggregate_of_its_blank_line_steps(causal: Path, how: str) -> None:
    prm = ProcessRewardVerifier(PrmOptions(model=str(causal), aggregate=how))  # type: ignore[arg-type]
    steps = prm.score_steps([(PROBLEM, s) for s in STEPS])
    scored = prm.score(items(TEXTS))
    assert [s.score for s in scored] == pytest.approx([aggregate(s.scores, how) for s in steps])  # type: ignore[arg-type]
    assert [s.tokens for s in scored] == [s.tokens for s in steps]
    assert prm.identity.endswith(f":{how}") and "token[ки|+|-]" in prm.identity


def test_zero_heads_give_one_half_per_step_in_both_schemes(tmp_path: Path) -> None:
    lm = tiny_model(tmp_path / "lm", head="causal", zero_head=True)
    product = ProcessRewardVerifier(PrmOptions(model=str(lm), aggregate="product")).score(items(TEXTS))
    assert [s.score for s in product] == pytest.approx([0.5, 0.25, 0.125])
    seq = tiny_model(tmp_path / "seq", zero_head=True)
    prm = ProcessRewardVerifier(PrmOptions(model=str(seq), scheme="sequence", aggregate="product"))
    assert [s.score for s in prm.score(items(TEXTS))] == pytest.approx([0.5, 0.25, 0.125])


def test_sequence_scheme_scores_prefixes_and_its_last_step_is_the_outcome_score(classifier: Path) -> None:
    prm = ProcessRewardVerifier(PrmOptions(model=str(classifier), scheme="sequence", aggregate="last"))
    orm = RewardModelVerifier(model=str(classifier), format="plain")
    assert [s.score for s in prm.score(items(TEXTS))] == pytest.approx([s.score for s in orm.score(items(TEXTS))])
    (steps,) = prm.score_steps([(PROBLEM, STEPS[2])])
    prefixes = [orm.score(items(["\n\n".join(STEPS[2][: i + 1])]))[0] for i in range(3)]
    assert steps.scores == pytest.approx(tuple(p.score for p in prefixes))
    assert steps.tokens == sum(p.tokens for p in prefixes)


def test_bad_settings_are_one_line_errors(causal: Path) -> None:
    with pytest.raises(ConfigError, match="step_tag='step first' is 2 tokens of prm0; pass a single token"):
        ProcessRewardVerifier(PrmOptions(model=str(causal), step_tag="step first")).score(items(TEXTS))
    with pytest.raises(
        ConfigError, match=r"bad option for verifier 'prm' \(scheme: Input should be 'token' or 'sequence'\)"
    ):
        get_verifier("prm", model=str(causal), scheme="tree")
    with pytest.raises(ConfigError, match="needs at least one step"):
        ProcessRewardVerifier(PrmOptions(model=str(causal))).score_steps([(PROBLEM, [])])


def test_prm_scores_reach_the_ledger(causal: Path, tmp_path: Path) -> None:
    spec = {"name": "p", "backend": "mock", "model": "m", "limit": 2, "n": 3, "sampling": {"temperature": 0.7}}
    sample_pool(PoolSpec.parse(spec), tmp_path)
    prm = get_verifier("prm", model=str(causal), aggregate="mean")
    assert verify(tmp_path, pool="p", verifier=prm) == 6
    with Ledger.open(tmp_path / LEDGER) as ledger:
        stored = ledger.verifier_scores("p", prm.identity)
    assert len(stored) == 6 and all(0 < s < 1 and t > 0 for s, t in stored.values())
