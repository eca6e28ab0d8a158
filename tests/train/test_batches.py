"""Answer-only labels, padding and length-grouped batches, without a model."""

from __future__ import annotations

import numpy as np
import pytest

from tradeoff.errors import ConfigError
from tradeoff.train.batches import IGNORE, Encoded, collate, join, length_grouped, padding_efficiency, schedule
from tradeoff.train.options import LoraOptions
from tradeoff.train.record import lora_flops


def test_loss_is_only_on_target_tokens() -> None:
    row = join([5, 6, 7], [8, 9, 2], max_length=10)
    assert row.input_ids == (5, 6, 7, 8, 9, 2)
    assert row.labels == (IGNORE, IGNORE, IGNORE, 8, 9, 2)
    assert row.target_tokens == 3 and not row.truncated


def test_long_examples_lose_the_target_tail_first() -> None:
    row = join([5, 6, 7], [8, 9, 2], max_length=4)
    assert row.input_ids == (5, 6, 7, 8) and row.labels == (IGNORE, IGNORE, IGNORE, 8) and row.truncated


def test_collate_right_pads_with_masked_labels() -> None:
    batch = collate([join([1, 2], [3], max_length=9), join([1], [4, 5, 6], max_length=9)], pad_id=0)
    assert batch.input_ids == [[1, 2, 3, 0], [1, 4, 5, 6]]
    assert batch.attention_mask == [[1, 1, 1, 0], [1, 1, 1, 1]]
    assert batch.labels == [[IGNORE, IGNORE, 3, IGNORE], [IGNORE, 4, 5, 6]]
    assert (batch.real_tokens, batch.processed_tokens) == (7, 8)
    assert padding_efficiency([batch]) == pytest.approx(7 / 8)


def test_length_grouping_covers_every_example_once_and_cuts_padding(rng: np.random.Generator) -> None:
    lengths = [int(x) for x in rng.integers(20, 200, size=800)]
    batches = length_grouped(lengths, 16, np.random.default_rng(0))
    assert sorted(i for b in batches for i in b) == list(range(800))
    rows = [Encoded(tuple([1] * n), tuple([1] * n)) for n in lengths]
    grouped = padding_efficiency([collate([rows[i] for i in b], pad_id=0) for b in batches])
    order = rng.permutation(800)
    plain = padding_efficiency(
        [collate([rows[int(i)] for i in order[s : s + 16]], pad_id=0) for s in range(0, 800, 16)]
    )
    assert grouped > 0.95 > plain


def test_the_schedule_is_deterministic_so_a_resumed_run_continues_with_the_same_batches() -> None:
    lengths = [3, 9, 4, 8, 5, 7, 6, 2, 1, 10]
    full = schedule(lengths, batch_size=4, steps=7, seed=1)
    assert len(full) == 7 and full == schedule(lengths, batch_size=4, steps=7, seed=1)
    assert schedule(lengths, batch_size=4, steps=4, seed=1) == full[:4]
    assert full != schedule(lengths, batch_size=4, steps=7, seed=2)


def test_options_are_checked_and_epochs_become_steps() -> None:
    assert LoraOptions(epochs=2, batch_size=16).total_steps(100) == 13
    assert LoraOptions(steps=30).total_steps(100) == 30
    with pytest.raises(ConfigError, match="rank: Input should be greater than 0"):
        LoraOptions.checked(rank=0)
    with pytest.raises(ConfigError, match="dropout"):
        LoraOptions.checked(dropout=1.0)


def test_lora_flops_are_four_n_d() -> None:
    assert lora_flops(135_000_000, 1000) == 4 * 135_000_000 * 1000
