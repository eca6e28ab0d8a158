"""Bad search settings fail before anything runs, with one line that says what to do."""

from __future__ import annotations

from typing import Any

import pytest

from tradeoff.errors import ConfigError, UnknownNameError
from tradeoff.search import SearchSpec


def parse(**data: Any) -> SearchSpec:
    return SearchSpec.parse({"name": "s", **data})


def test_a_budget_not_divisible_by_the_beam_width_names_the_nearest_valid_budget() -> None:
    with pytest.raises(ConfigError, match=r"budget 6 is not a multiple of the beam width 4; use 8") as err:
        parse(strategy="beam", budgets=[4, 6], beam_width=4, step_verifier="self_certainty")
    assert "\n" not in str(err.value)
    with pytest.raises(ConfigError, match=r"budget 2 .* use 4"):
        parse(strategy="dvts", budgets=[2], beam_width=4, step_verifier="self_certainty")


@pytest.mark.parametrize("strategy", ["beam", "dvts", "rebase"])
def test_verifier_based_strategies_need_a_step_verifier(strategy: str) -> None:
    with pytest.raises(ConfigError, match="--step-verifier self_certainty"):
        parse(strategy=strategy, budgets=[4])


def test_revisions_choosing_by_score_need_a_verifier_at_run_time_and_majority_does_not() -> None:
    assert parse(strategy="revisions", budgets=[3]).strategy == "revisions"
    assert parse(strategy="rebase", budgets=[3], step_verifier="self_certainty").budgets == (3,)


def test_strict_validation_rejects_unknown_keys_options_and_values() -> None:
    with pytest.raises(ConfigError, match="beam_widht"):
        parse(beam_widht=2)
    with pytest.raises(ConfigError, match="invalid --strategy-option for beam: max_step"):
        parse(strategy="beam", step_verifier="self_certainty", strategy_options={"max_step": 3})
    with pytest.raises(ConfigError, match="budgets"):
        parse(budgets=[0])
    with pytest.raises(ConfigError, match="temperature"):
        parse(temperature=0)
    with pytest.raises(ConfigError, match="drop --step-verifier"):
        parse(strategy="adaptive", step_verifier="self_certainty")


def test_step_verifier_names_are_checked() -> None:
    from tradeoff.search.scorers import get_step_scorer

    with pytest.raises(UnknownNameError):
        get_step_scorer("nope")
    with pytest.raises(ConfigError, match="scores whole samples, not steps"):
        get_step_scorer("oracle")
    with pytest.raises(ConfigError, match="takes no options"):
        get_step_scorer("self_certainty", aggregate="min")
