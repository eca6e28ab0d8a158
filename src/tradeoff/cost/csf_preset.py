"""The compute-scaling-frontier cost model as a preset, so its users compare like with like.

compute-scaling-frontier (BRIEF §2: GSM8K, Qwen2.5-1.5B-Instruct, synthetic data from gpt-4o-mini, LoRA,
greedy and self-consistency) priced a configuration as ``Total(Q) = F + Q·c`` with

    F = examples × $ per synthetic example + training GPU hours × $ per GPU hour
    c = N samples × tokens per sample × $ per million tokens / 10⁶

and read it at volumes of 1K, 10K, 100K and 1M queries. :func:`csf_reprice` applies those rates to a
plan's configurations: ``c`` from each configuration's measured tokens per query (k × mean generated
tokens), ``F`` from its training record (seconds → GPU hours; ``examples`` → synthetic examples when the
record's data carries a cost). The $ per example can be derived from a teacher's API price
(:meth:`CsfPreset.with_teacher`: input and output tokens per example × the teacher's $/1M).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tradeoff.cost.prices import PriceTable, api_dollars
from tradeoff.errors import ConfigError
from tradeoff.frontier import Configuration

if TYPE_CHECKING:
    from tradeoff.cost.plan import Plan

CSF_VOLUMES = (1e3, 1e4, 1e5, 1e6)


@dataclass(frozen=True, slots=True, kw_only=True)
class CsfPreset:
    """The three rates of the compute-scaling-frontier cost model, in dollars."""

    usd_per_example: float
    gpu_usd_per_hour: float
    usd_per_million_tokens: float
    volumes: tuple[float, ...] = CSF_VOLUMES

    def __post_init__(self) -> None:
        if min(self.usd_per_example, self.gpu_usd_per_hour, self.usd_per_million_tokens) < 0:
            raise ConfigError("compute-scaling-frontier rates must be >= 0")
        if not self.volumes or min(self.volumes) <= 0:
            raise ConfigError(f"volumes must be > 0, got {list(self.volumes)}")

    @classmethod
    def with_teacher(
        cls,
        prices: PriceTable,
        *,
        teacher: str,
        input_tokens_per_example: float,
        output_tokens_per_example: float,
        gpu: str,
        usd_per_million_tokens: float,
    ) -> CsfPreset:
        """$ per example from the teacher's API price, $ per GPU hour from the hardware table."""
        per_example = api_dollars(prices.api_price(teacher), input_tokens=input_tokens_per_example,
                                  output_tokens=output_tokens_per_example)  # fmt: skip
        return cls(usd_per_example=per_example, gpu_usd_per_hour=prices.hardware_price(gpu).usd_per_hour,
                   usd_per_million_tokens=usd_per_million_tokens)  # fmt: skip

    def fixed(self, *, examples: float, gpu_hours: float) -> float:
        """``examples × $/example + GPU hours × $/hour``."""
        if examples < 0 or gpu_hours < 0:
            raise ConfigError("examples and GPU hours must be >= 0")
        return examples * self.usd_per_example + gpu_hours * self.gpu_usd_per_hour

    def per_query(self, *, samples: float, tokens_per_sample: float) -> float:
        """``N × tokens × $/1M / 10⁶``."""
        if samples < 0 or tokens_per_sample < 0:
            raise ConfigError("samples and tokens must be >= 0")
        return samples * tokens_per_sample * self.usd_per_million_tokens / 1e6


def csf_reprice(plan: Plan, preset: CsfPreset) -> list[Configuration]:
    """The plan's configurations with the preset's ``F`` and ``c`` (accuracies unchanged)."""
    out = []
    for priced in plan.configurations:
        gpu_hours, examples = 0.0, 0.0
        for term in priced.overheads:
            if term.kind == "training":
                gpu_hours += term.seconds / 3600
                record = Path(term.source)
                if record.is_file() and any(t.kind == "synthetic_data" for t in priced.overheads):
                    examples += float(json.loads(record.read_text()).get("examples", 0))
        config = replace(
            priced.configuration,
            fixed_cost=preset.fixed(examples=examples, gpu_hours=gpu_hours),
            per_query_cost=preset.per_query(samples=1, tokens_per_sample=priced.tokens_per_query),
        )
        out.append(config)
    return out
