"""Verifiers, looked up by name: ``oracle`` (the gold answer) and ``self_certainty`` (the model's own
token log-probabilities). One protocol (:class:`Verifier`), one file each."""

from __future__ import annotations

from typing import Any

from tradeoff.registry import Registry
from tradeoff.verifiers.base import StepScores, StepVerifier, Verifier, VerifierScore

VERIFIERS: Registry[type[Verifier]] = Registry(
    "verifier",
    {
        "oracle": "tradeoff.verifiers.oracle:OracleVerifier",
        "self_certainty": "tradeoff.verifiers.self_certainty:SelfCertaintyVerifier",
        "reward_model": "tradeoff.verifiers.reward_model:RewardModelVerifier",
        "prm": "tradeoff.verifiers.prm:ProcessRewardVerifier",
        "judge": "tradeoff.verifiers.judge:JudgeVerifier",
    },
)


def get_verifier(name: str, **options: Any) -> Verifier:
    """Build verifier ``name``; ``options`` are its keyword-only settings (``aggregate="min"``)."""
    verifier: Verifier = VERIFIERS.build(name, options, hint="; e.g. --verifier-option aggregate=min")
    return verifier


__all__ = ["VERIFIERS", "StepScores", "StepVerifier", "Verifier", "VerifierScore", "get_verifier"]
