"""Utilisation: analytic FLOPs against measured seconds and dollars; the sourced peak table and its overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cost.test_model_facts import SMOLLM2_135M
from tradeoff.cost import builtin_prices
from tradeoff.cost.flops import decode_flops, prefill_flops
from tradeoff.cost.model_facts import facts_from_config
from tradeoff.cost.utilisation import generation_flops, load_peaks, peak_for, utilisation
from tradeoff.errors import ConfigError, DataError
from tradeoff.types import FinishReason, Generation


def test_utilisation_is_flops_over_seconds_times_peak_and_a_ratio_of_dollars() -> None:
    peak = peak_for(load_peaks(), "h100-80gb")
    price = builtin_prices().hardware_price("h100-80gb")
    assert peak.flops_per_second == 989.4e12 and peak.source.startswith("https://")
    u = utilisation("x", flops=989.4e12 * 30, seconds=120.0, price=price, peak=peak)  # 30 s of peak work in 120 s
    assert u.utilisation == pytest.approx(0.25)
    assert u.dollars == pytest.approx(120 / 3600 * price.usd_per_hour)
    assert u.dollars_at_peak / u.dollars == pytest.approx(u.utilisation)
    assert u.flops_per_dollar == pytest.approx(989.4e12 * 30 / u.dollars)
    two = utilisation("x", flops=989.4e12 * 30, seconds=120.0, price=price, peak=peak, devices=2)
    assert two.utilisation == pytest.approx(0.125) and two.dollars == pytest.approx(2 * u.dollars)


def test_generation_flops_count_prefill_only_where_computed() -> None:
    facts = facts_from_config(SMOLLM2_135M)
    first = Generation(text="a", prompt_tokens=40, prefill_tokens=40, completion_tokens=10,
                       finish_reason=FinishReason.STOP, seconds=0.1)  # fmt: skip
    shared = Generation(text="b", prompt_tokens=40, prefill_tokens=0, completion_tokens=12,
                        finish_reason=FinishReason.STOP, seconds=0.1)  # fmt: skip
    expected = prefill_flops(facts, 40) + decode_flops(facts, 10, context=40) + decode_flops(facts, 12, context=40)
    assert generation_flops(facts, [first, shared]) == pytest.approx(expected)


def test_peak_overrides_and_errors(tmp_path: Path) -> None:
    mine = tmp_path / "peaks.yaml"
    mine.write_text("peak_flops:\n  my-gpu: {flops_per_second: 1.0e14, precision: fp16, source: spec sheet, "
                    "date: 2026-01-01}\n")  # fmt: skip
    peaks = load_peaks([mine])
    assert peaks["my-gpu"].flops_per_second == 1e14 and "cpu-core" in peaks
    with pytest.raises(ConfigError, match="no peak FLOP/s for hardware 'tpu'"):
        peak_for(peaks, "tpu")
    mine.write_text("peak_flops:\n  bad: {flops_per_second: -1, precision: fp16, source: s, date: 2026-01-01}\n")
    with pytest.raises(DataError, match=r"peak_flops\.bad\.flops_per_second"):
        load_peaks([mine])
