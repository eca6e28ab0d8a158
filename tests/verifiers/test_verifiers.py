"""Verifiers: the oracle's ceiling, self-certainty from stored log-probabilities, and their errors."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.pools.test_summary import sample
from tradeoff.errors import ConfigError, DataError, UnknownNameError
from tradeoff.ledger import StoredSample
from tradeoff.types import Problem
from tradeoff.verifiers import VERIFIERS, VerifierScore, get_verifier

PROBLEM = Problem("a", "What is 2 + 2?", "4")


def with_logprobs(stored: StoredSample, logprobs: tuple[float, ...] | None) -> StoredSample:
    return replace(stored, generation=replace(stored.generation, token_logprobs=logprobs))


def test_the_registry_names_every_verifier() -> None:
    assert VERIFIERS.names() == ["judge", "oracle", "prm", "reward_model", "self_certainty"]
    with pytest.raises(UnknownNameError, match="Did you mean 'oracle'"):
        get_verifier("oracel")
    with pytest.raises(ConfigError, match="bad option for verifier 'oracle'"):
        get_verifier("oracle", aggregate="min")


def test_oracle_scores_the_stored_verdict_and_spends_nothing() -> None:
    oracle = get_verifier("oracle")
    items = [(PROBLEM, sample("a", 0, "4", True)), (PROBLEM, sample("a", 1, "5", False))]
    assert oracle.identity == "oracle" and not oracle.log_scale
    assert oracle.score(items) == [VerifierScore(1.0, 0), VerifierScore(0.0, 0)]
    with pytest.raises(DataError, match="not scored; run `tradeoff score RUN`"):
        oracle.score([(PROBLEM, replace(sample("a", 0, "4", True), score=None))])


@pytest.mark.parametrize(("aggregate", "expected"), [("mean", -0.5), ("min", -1.0)])
def test_self_certainty_aggregates_token_logprobs(aggregate: str, expected: float) -> None:
    verifier = get_verifier("self_certainty", aggregate=aggregate)
    assert verifier.identity == f"self_certainty:{aggregate}" and verifier.log_scale
    scored = verifier.score(
        [
            (PROBLEM, with_logprobs(sample("a", 0, "4", True), (-0.25, -1.0, -0.25))),
            (PROBLEM, with_logprobs(sample("a", 1, "4", True), ())),
        ]
    )
    assert scored == [VerifierScore(pytest.approx(expected), 0), VerifierScore(0.0, 0)]  # type: ignore[arg-type]


def test_self_certainty_without_logprobs_says_how_to_get_them() -> None:
    with pytest.raises(DataError, match="has none; sample the pool with --logprobs"):
        get_verifier("self_certainty").score([(PROBLEM, sample("a", 0, "4", True))])
    with pytest.raises(ConfigError, match="aggregate must be 'mean' or 'min'"):
        get_verifier("self_certainty", aggregate="median")
