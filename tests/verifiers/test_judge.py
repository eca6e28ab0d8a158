"""LLM-as-judge through any backend: score parsing, recorded parse failures, seeding, tokens, the ledger."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.verifiers.test_reward_model import PROBLEM, items
from tradeoff.errors import ConfigError, DataError
from tradeoff.ledger import Ledger
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import LEDGER, curves, verify
from tradeoff.run.ops import sample as sample_pool
from tradeoff.types import FinishReason, Generation, GenerationRequest
from tradeoff.verifiers import get_verifier
from tradeoff.verifiers.judge import JudgeOptions, JudgeVerifier, parse_score


class FakeJudge:
    """A ten-line backend: replies ``reply(prompt)``; prompt tokens = words, completion tokens = words."""

    name = "fake"
    identity = "fake/judge"

    def __init__(self, reply: Callable[[str], str], *, batch_size: int = 2) -> None:
        self.reply, self.batch_size, self.requests = reply, batch_size, []  # type: ignore[var-annotated]

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        self.requests += list(requests)
        out = []
        for r in requests:
            prompt, text = r.messages[-1].content, self.reply(r.messages[-1].content)
            out.append([Generation(text=text, prompt_tokens=len(prompt.split()), completion_tokens=len(text.split()),
                                   finish_reason=FinishReason.STOP, seconds=0.0)])  # fmt: skip
        return out

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("The steps add up.\nScore: 8", 0.8),
        ("**Score:** 7/10", 0.7),
        ("Rating = 3 / 4", 0.75),
        ("score: 2 ... on reflection, Score: 9", 0.9),
        ("10", 1.0),
        ("Verdict: incorrect", 0.0),
        ("Verdict: Correct.", 1.0),
        ("Score: 11", None),
        ("Score: -1", None),
        ("I cannot tell.", None),
        ("The answer is 4.", None),
    ],
)
def test_parse_score_reads_the_last_stated_score_and_refuses_to_guess(reply: str, expected: float | None) -> None:
    found = parse_score(reply, scale=10)
    assert found == (None if expected is None else pytest.approx(expected))


def grade(prompt: str) -> str:
    solution = prompt.split("Proposed solution:\n")[1].split("\n\n")[0]
    if "5" in solution:
        return "Looks right. Score: 9"
    return "Hmm." if "compute" in solution else "Score: 1/10"


TEXTS = ["the answer is 5 .", "so 6", "let me compute it", "first 2 then 3 so 5"]


def test_scores_tokens_and_parse_failures_are_recorded() -> None:
    fake = FakeJudge(grade)
    judge = JudgeVerifier(JudgeOptions(seed=3), engine=fake)
    scored = judge.score(items(TEXTS))
    assert [s.score for s in scored] == pytest.approx([0.9, 0.1, 0.0, 0.9])
    assert judge.failures == 1  # "let me compute it" got no score: lowest, and counted
    for s, r in zip(scored, fake.requests, strict=True):
        reply = grade(r.messages[-1].content)
        assert s.tokens == len(r.messages[-1].content.split()) + len(reply.split())
    assert [len(call) for call in [fake.requests[:2], fake.requests[2:]]] == [2, 2]
    assert all(r.params.seed == 3 and r.params.temperature == 0.0 and r.sample_indices == (0,) for r in fake.requests)
    assert PROBLEM.question in fake.requests[0].messages[0].content and "to 10 (certainly correct)" in (
        fake.requests[0].messages[0].content
    )
    with pytest.raises(DataError, match=r"no score 0\.\.10 for sample 2 of a: .Hmm\..; adapt the template or use"):
        JudgeVerifier(JudgeOptions(parse_failure="error"), engine=FakeJudge(grade)).score(items(TEXTS))


def test_identity_names_the_engine_prompt_and_settings() -> None:
    a = JudgeVerifier(engine=FakeJudge(grade))
    b = JudgeVerifier(JudgeOptions(template="Q: {question}\nA: {solution}\nScore 0-{scale}?"), engine=FakeJudge(grade))
    assert a.identity.startswith("judge:fake/judge:t=0.0:seed=0:max=256:scale=10:prompt=") and a.identity != b.identity
    with pytest.raises(ConfigError, match="lacks \\{solution\\}; put both in it"):
        JudgeVerifier(JudgeOptions(template="Q: {question}"), engine=FakeJudge(grade))
    with pytest.raises(ConfigError, match="the judge needs a model: --verifier-option model=NAME"):
        get_verifier("judge")


def test_through_the_mock_backend_failures_score_lowest_or_stop(tmp_path: Path) -> None:
    spec = {"name": "p", "backend": "mock", "model": "m", "limit": 3, "n": 2, "sampling": {"temperature": 0.7}}
    sample_pool(PoolSpec.parse(spec), tmp_path)
    judge = get_verifier("judge", backend="mock", model="judge", seed=1)  # the mock answers, it never grades
    assert judge.identity.startswith("judge:mock/judge:")
    assert verify(tmp_path, pool="p", verifier=judge) == 6
    with Ledger.open(tmp_path / LEDGER) as ledger:
        stored = ledger.verifier_scores("p", judge.identity)
    assert len(stored) == 6 and all(s == 0.0 and t > 0 for s, t in stored.values())  # failures: lowest
    with pytest.raises(DataError, match=r"the judge gave no score 0\.\.10 for sample 0 of arith-test-000000"):
        curves(
            tmp_path,
            strategies=["best_of"],
            verifier="judge",
            verifier_options={"backend": "mock", "model": "judge", "parse_failure": "error"},
            resamples=20,
        )


def test_judge_scores_in_the_ledger_drive_best_of(tmp_path: Path) -> None:
    spec = {"name": "p", "backend": "mock", "model": "m", "limit": 4, "n": 4, "sampling": {"temperature": 0.7}}
    sample_pool(PoolSpec.parse(spec), tmp_path)

    def oracle_like(prompt: str) -> str:  # approves only the mock's correct answers (it knows the sums)
        from tradeoff.backends.mock import solve

        question = prompt.split("Problem:\n")[1].split("\n\nProposed solution:")[0]
        return "Score: 10" if f"is {solve(question)}." in prompt else "Score: 0"

    judge = JudgeVerifier(engine=FakeJudge(oracle_like))
    verify(tmp_path, pool="p", verifier=judge)
    oracle = get_verifier("oracle")
    verify(tmp_path, pool="p", verifier=oracle)
    with Ledger.open(tmp_path / LEDGER) as ledger:
        assert {k: s for k, (s, _) in ledger.verifier_scores("p", judge.identity).items()} == {
            k: s for k, (s, _) in ledger.verifier_scores("p", "oracle").items()
        }
