"""Pretraining options, the schedule, the documents and the batch schedule (no torch needed)."""

from __future__ import annotations

import itertools

import pytest

from tradeoff.errors import ConfigError
from tradeoff.pretrain import PretrainOptions, lr_factor, non_embedding_params
from tradeoff.pretrain.documents import Document, batch_rows, collate, document_texts, steps_for_tokens
from tradeoff.tasks import get_task


def test_non_embedding_params_follow_the_llama_shape() -> None:
    options = PretrainOptions(d_model=32, layers=2, heads=4)
    assert non_embedding_params(options) == 2 * (4 * 32 * 32 + 3 * 32 * 128 + 2 * 32) + 32
    assert non_embedding_params(PretrainOptions(d_model=32, layers=2, heads=4, d_ff=64)) < non_embedding_params(options)


def test_schedule_warms_up_then_decays_by_cosine_to_the_floor() -> None:
    factors = [lr_factor(s, steps=100, warmup=0.1, min_ratio=0.1) for s in range(100)]
    assert factors[0] == pytest.approx(0.1) and factors[9] == pytest.approx(1.0)
    assert all(a >= b for a, b in itertools.pairwise(factors[9:]))
    assert factors[-1] == pytest.approx(0.1) and factors[54] == pytest.approx(0.55, abs=0.02)


@pytest.mark.parametrize(
    "bad", [{"d_model": 30, "heads": 4}, {"steps": 0}, {"warmup": 1.0}, {"examples": -1}, {"threads": 0}]
)
def test_bad_options_are_config_errors(bad: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        PretrainOptions(**bad)  # type: ignore[arg-type]


def test_documents_are_the_completion_prompt_then_the_worked_solution() -> None:
    task = get_task("arithmetic", prompt_format="completion")
    (first, second) = document_texts(task, 2)
    problem = task.problems("train", limit=1)[0]
    assert first == (f"Q: {problem.question}\nA: ", task.worked(problem))  # type: ignore[attr-defined]
    assert document_texts(task, 1, skip=1) == [second]
    with pytest.raises(ConfigError, match="prompt_format=completion"):
        document_texts(get_task("arithmetic"), 1)
    small = get_task("arithmetic", prompt_format="completion", digits=1)
    with pytest.raises(ConfigError, match="set --examples below it, so documents repeat in epochs"):
        document_texts(small, 10_000)


def test_batches_cover_each_epoch_once_and_depend_only_on_the_seed() -> None:
    rows = [batch_rows(s, batch_size=4, documents=10, seed=3) for s in range(5)]
    flat = [r for batch in rows for r in batch]
    assert sorted(flat[:10]) == list(range(10)) and sorted(flat[10:20]) == list(range(10))
    assert rows == [batch_rows(s, batch_size=4, documents=10, seed=3) for s in range(5)]
    assert rows != [batch_rows(s, batch_size=4, documents=10, seed=4) for s in range(5)]


def test_collate_pads_right_and_masks_the_padding_out_of_the_labels() -> None:
    batch = collate([Document((5, 6, 1), 1), Document((7, 1), 1)], pad_id=0)
    assert batch == {
        "input_ids": [[5, 6, 1], [7, 1, 0]],
        "attention_mask": [[1, 1, 1], [1, 1, 0]],
        "labels": [[5, 6, 1], [7, 1, -100]],
    }


def test_steps_for_tokens_counts_one_token_per_character_plus_the_end_token() -> None:
    task = get_task("arithmetic", prompt_format="completion")
    texts = document_texts(task, 1000)
    mean = sum(len(p) + len(s) + 1 for p, s in texts) / 1000
    assert steps_for_tokens(task, 32 * mean * 50, batch_size=32) == 50
    assert steps_for_tokens(task, 1, batch_size=32) == 1
