"""Analytic FLOPs beside measured seconds and dollars, and the achieved utilisation they imply.

For work that took ``t`` measured seconds on ``n`` devices of peak ``P`` FLOP/s and needed ``C`` analytic
FLOPs (:mod:`tradeoff.cost.flops`; for a pool, per sample ``prefill(P_i) + decode(G_i | P_i)`` with the
prefill counted where the engine computed it), the achieved utilisation (model FLOPs utilisation, MFU:
Chowdhery et al. 2022, "PaLM", §4.1 and Appendix B) is

    U = C / (t · n · P)

and in dollars: the measured cost ``$ = t/3600 · n · $/hour``, the cost at full utilisation
``$_peak = C / P / 3600 · $/hour``, so ``U = $_peak / $`` — the share of the bill that bought FLOPs the model
needed. Peak FLOP/s come from the dated, sourced table ``prices/peak_flops.yaml`` (keys as the hardware
price table), overridable by a user YAML with a ``peak_flops:`` mapping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradeoff.cost.flops import decode_flops, prefill_flops
from tradeoff.cost.model_facts import ModelFacts
from tradeoff.cost.prices import HardwarePrice, hardware_dollars
from tradeoff.errors import ConfigError, DataError
from tradeoff.types import Generation


class PeakFlops(BaseModel):
    """One device's peak dense FLOP/s at a precision, with where the number comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    flops_per_second: float = Field(gt=0)
    precision: str = Field(min_length=1)
    source: str = Field(min_length=1)
    date: dt.date
    note: str | None = None


def load_peaks(overrides: Sequence[Path] = ()) -> dict[str, PeakFlops]:
    """The built-in peak table with the ``peak_flops:`` entries of each user file merged on top."""
    builtin = resources.files("tradeoff.cost") / "prices" / "peak_flops.yaml"
    texts = [("tradeoff/cost/prices/peak_flops.yaml", builtin.read_text(encoding="utf-8"))]
    texts += [(str(p), p.read_text(encoding="utf-8")) for p in overrides if p.is_file()]
    out: dict[str, PeakFlops] = {}
    for where, text in texts:
        data = yaml.safe_load(text) or {}
        entries = data.get("peak_flops", {}) if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            raise DataError(f"{where}: `peak_flops:` must map hardware names to entries")
        for name, entry in entries.items():
            try:
                out[name] = PeakFlops.model_validate(entry)
            except ValidationError as exc:
                error = exc.errors()[0]
                raise DataError(
                    f"{where}: peak_flops.{name}.{'.'.join(map(str, error['loc']))}: {error['msg']}"
                ) from None
    return out


def peak_for(peaks: dict[str, PeakFlops], hardware: str) -> PeakFlops:
    if hardware not in peaks:
        raise ConfigError(
            f"no peak FLOP/s for hardware {hardware!r} (known: {', '.join(sorted(peaks)) or 'none'}); add "
            f"`peak_flops: {{{hardware}: {{flops_per_second: …, precision: …, source: …, date: …}}}}` to a YAML"
        )
    return peaks[hardware]


@dataclass(frozen=True, slots=True, kw_only=True)
class Utilisation:
    """Analytic FLOPs and measured cost of one piece of work, side by side."""

    name: str
    flops: float
    seconds: float
    devices: int
    dollars: float
    dollars_at_peak: float
    utilisation: float  # C / (t · n · P); NaN without measured time

    @property
    def flops_per_dollar(self) -> float:
        return self.flops / self.dollars if self.dollars > 0 else float("nan")


def utilisation(
    name: str, *, flops: float, seconds: float, price: HardwarePrice, peak: PeakFlops, devices: int = 1
) -> Utilisation:
    """``U = C / (t · n · P)`` with the dollars measured (``t``) and at peak (``C / P``)."""
    if flops < 0:
        raise ConfigError(f"{name}: FLOPs must be >= 0")
    dollars = hardware_dollars(seconds, price, devices=devices)
    at_peak = hardware_dollars(flops / peak.flops_per_second, price)
    util = flops / (seconds * devices * peak.flops_per_second) if seconds > 0 else float("nan")
    return Utilisation(name=name, flops=flops, seconds=seconds, devices=devices, dollars=dollars,
                       dollars_at_peak=at_peak, utilisation=util)  # fmt: skip


def generation_flops(facts: ModelFacts, generations: Sequence[Generation]) -> float:
    """Σ over samples of ``prefill(prefill tokens) + decode(generated | prompt)``: the pool's analytic FLOPs."""
    return sum(
        prefill_flops(facts, g.prefill_tokens) + decode_flops(facts, g.completion_tokens, context=g.prompt_tokens)
        for g in generations
    )
