"""What each strategy does with its budget: the shape of the tree it grows and how it picks the answer."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.search.fakes import FakePRM, StepBackend
from tradeoff.search.base import Context, SearchOutcome
from tradeoff.search.runner import drive
from tradeoff.search.scorers import StepVerifierScorer
from tradeoff.search.self_certainty import StepSelfCertainty
from tradeoff.search.spec import SearchSpec
from tradeoff.tasks import get_task
from tradeoff.types import Problem, SamplingParams
from tradeoff.verifiers.steps import STEP_SEPARATOR


def outcome(strategy: str, budget: int, *, accuracy: float = 0.6, problem: int = 0, **options: Any) -> SearchOutcome:
    verifier = None if strategy in ("adaptive", "revisions") else "fake_prm"
    spec = SearchSpec.parse(
        {"name": "t", "strategy": strategy, "beam_width": 2, "step_verifier": verifier, "strategy_options": options}
    )
    task = get_task("arithmetic")
    item = task.problems("test", limit=problem + 1)[problem]
    stepwise = strategy in ("beam", "dvts", "rebase")
    context = Context(
        problem=item,
        messages=task.messages(item),
        params=SamplingParams(
            temperature=0.8, max_tokens=64, logprobs=True, stop=(STEP_SEPARATOR,) if stepwise else ()
        ),
        task=task,
        scorer=StepVerifierScorer(FakePRM()) if strategy != "adaptive" else None,
    )
    [(_, result)] = list(drive([(0, spec.build().search(context, budget))], StepBackend(accuracy=accuracy), window=1))
    return result


def depths(result: SearchOutcome) -> Counter[int]:
    return Counter(n.depth for n in result.nodes)


@pytest.mark.parametrize("budget", [2, 4, 8])
def test_beam_search_samples_n_steps_per_depth_and_ends_with_n_final_paths(budget: int) -> None:
    result = outcome("beam", budget)
    assert all(count == budget for count in depths(result).values())
    assert len(result.finals) == budget
    for depth in depths(result):
        parents = {n.parent for n in result.nodes if n.depth == depth + 1}
        assert len(parents) <= budget // 2  # the N/m best paths were kept, each expanded m ways


def test_dvts_grows_n_over_m_independent_greedy_subtrees() -> None:
    result = outcome("dvts", 8)
    assert depths(result)[0] == 8 and len(result.finals) == 4
    for leaf in (result.nodes[i] for i in result.finals):  # each leaf is the best of its m siblings
        assert leaf.parent is not None  # the fake never finishes on its first step
        siblings = [n for n in result.nodes if n.parent == leaf.parent]
        assert len(siblings) == 2
        assert result.scores[leaf.id].score == max(result.scores[s.id].score for s in siblings)
    first = [n.generation.seed for n in result.nodes if n.depth == 0]
    assert len(set(first)) == 8  # subtrees draw different first steps


def test_rebase_spends_exactly_the_width_left_after_finished_answers() -> None:
    result = outcome("rebase", 8, max_steps=6)
    finished_by = 0
    for depth in sorted(depths(result)):
        layer = [n for n in result.nodes if n.depth == depth]
        assert len(layer) == 8 - finished_by
        finished_by += sum(n.terminal for n in layer)
    assert len(result.finals) >= 1


def test_rebase_gives_more_children_to_higher_rewards() -> None:
    from tradeoff.search.rebase import softmax_weights
    from tradeoff.search.steps import distribute

    assert distribute(8, softmax_weights([0.9, 0.1], 0.2)) == [8, 0]
    assert distribute(8, softmax_weights([0.5, 0.5], 0.2)) == [4, 4]
    assert distribute(7, [1.0, 1.0, 1.0]) == [3, 2, 2]


def test_revisions_write_a_chain_and_each_attempt_sees_the_previous_ones() -> None:
    result = outcome("revisions", 4)
    assert [n.parent for n in result.nodes] == [None, 0, 1, 2]
    assert result.samples == 4 and len(result.finals) == 4


def test_revision_prompt_carries_the_question_and_the_last_attempts() -> None:
    from tradeoff.search.revisions import revision_messages
    from tradeoff.types import Message

    base = (Message("system", "s"), Message("user", "What is 1 + 1?"))
    prompt = revision_messages(base, ["first try", "second try"])
    assert prompt[0] == base[0] and prompt[-1].content.startswith("What is 1 + 1?")
    assert "Attempt 1:\nfirst try" in prompt[-1].content and "Attempt 2:\nsecond try" in prompt[-1].content
    assert revision_messages(base, []) == base


def test_adaptive_stops_once_the_leader_is_clear_and_reports_samples_used() -> None:
    sure = outcome("adaptive", 16, accuracy=1.0, threshold=0.9, min_samples=3)
    assert sure.samples == 3 == len(sure.nodes)
    unsure = outcome("adaptive", 16, accuracy=0.5, threshold=0.9, min_samples=3)
    assert sure.samples < unsure.samples <= 16
    seeds = [n.generation.seed for n in unsure.nodes]
    assert len(set(seeds)) == len(seeds)  # sample indices 0, 1, 2, …: distinct draws


def test_self_certainty_scores_each_step_by_its_mean_token_logprob() -> None:
    result = outcome("beam", 2)
    node = result.nodes[-1]
    [scores] = StepSelfCertainty().score_paths(result_problem(), [[node]])
    logprobs = node.generation.token_logprobs or ()
    assert scores.scores == (pytest.approx(sum(logprobs) / len(logprobs)),) and scores.tokens == 0


def result_problem() -> Problem:
    return get_task("arithmetic").problems("test", limit=1)[0]
