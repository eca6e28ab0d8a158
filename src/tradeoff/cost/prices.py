"""Dated, sourced price tables: hardware $/hour and API $/1M tokens; measured usage → dollars.

The built-in tables are YAML files beside this module (``prices/hardware.yaml``, ``prices/api.yaml``).
Every entry carries a ``source`` (the page the price was read from) and a ``date`` (when); loading
rejects an entry without them, and unknown fields (pydantic ``extra="forbid"``). A user's YAML files
merge on top, entry by entry (an entry of the same name replaces the built-in one).

inspect_ai's model-cost file (``inspect eval --model-cost-config``) is accepted as well: a mapping of
model name → ``ModelCost`` with ``input``, ``output``, ``input_cache_write`` and ``input_cache_read`` in
dollars per million tokens. It has no source or date fields, so its entries get the file path as source
and the file's modification date as date.

Costs: ``seconds / 3600 × $/hour × devices`` for measured time; ``tokens / 10⁶ × $/1M`` for API tokens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradeoff.errors import ConfigError, DataError

Tier = Literal["standard", "batch"]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=1)
    date: dt.date
    note: str | None = None


class HardwarePrice(_Entry):
    """The price of one device (a GPU, or one CPU core) per hour."""

    usd_per_hour: float = Field(gt=0)


class ApiPrice(_Entry):
    """An API model's prices in USD per million tokens."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cached_input: float | None = Field(default=None, ge=0)
    batch_input: float | None = Field(default=None, ge=0)
    batch_output: float | None = Field(default=None, ge=0)
    cache_write: float | None = Field(default=None, ge=0)


class PriceTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    hardware: dict[str, HardwarePrice] = Field(default_factory=dict)
    api: dict[str, ApiPrice] = Field(default_factory=dict)

    def hardware_price(self, name: str) -> HardwarePrice:
        if name not in self.hardware:
            known = ", ".join(sorted(self.hardware)) or "none"
            raise ConfigError(
                f"no price for hardware {name!r} (known: {known}); add `hardware: {{{name}: {{usd_per_hour: …, "
                "source: …, date: …}}}` to a prices YAML"
            )
        return self.hardware[name]

    def api_price(self, model: str) -> ApiPrice:
        if model not in self.api:
            known = ", ".join(sorted(self.api)) or "none"
            raise ConfigError(
                f"no price for API model {model!r} (known: {known}); add `api: {{{model}: {{input: …, output: …, "
                "source: …, date: …}}}` to a prices YAML"
            )
        return self.api[model]


def _one_line(path: str, exc: ValidationError) -> DataError:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return DataError(f"{path}: entry {where}: {error['msg']}")


def _read(text: str, path: str) -> object:
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{path}: not valid YAML{line}") from None


def _is_inspect(data: Mapping[str, object]) -> bool:
    return bool(data) and not {"hardware", "api"} & set(data) and all(isinstance(v, dict) for v in data.values())


def parse_prices(data: object, *, path: str, modified: dt.date | None = None) -> PriceTable:
    """Validate one price file's parsed YAML (tradeoff's format, or inspect_ai's model-cost format)."""
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping with `hardware:` and/or `api:`")
    if _is_inspect(data):
        date = modified or dt.date.today()
        data = {
            "api": {
                name: {
                    "input": cost.get("input"),
                    "output": cost.get("output"),
                    "cached_input": cost.get("input_cache_read"),
                    "cache_write": cost.get("input_cache_write"),
                    "source": f"inspect_ai model-cost file {path}",
                    "date": date,
                }
                for name, cost in data.items()
            }
        }
    try:
        return PriceTable.model_validate(data)
    except ValidationError as exc:
        raise _one_line(path, exc) from None


def merge(base: PriceTable, override: PriceTable) -> PriceTable:
    """Entries of ``override`` replace same-named entries of ``base``; the others are kept."""
    return PriceTable(hardware={**base.hardware, **override.hardware}, api={**base.api, **override.api})


def builtin_prices() -> PriceTable:
    table = PriceTable()
    folder = resources.files("tradeoff.cost") / "prices"
    for name in ("hardware.yaml", "api.yaml"):
        text = (folder / name).read_text(encoding="utf-8")
        table = merge(table, parse_prices(_read(text, name), path=f"tradeoff/cost/prices/{name}"))
    return table


def load_prices(overrides: Sequence[Path] = ()) -> PriceTable:
    """The built-in tables with each user file merged on top, in order."""
    table = builtin_prices()
    for path in overrides:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"{path}: price file not found") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text; save the price file as UTF-8") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the price file ({exc.strerror})") from None
        modified = dt.date.fromtimestamp(path.stat().st_mtime)
        table = merge(table, parse_prices(_read(text, str(path)), path=str(path), modified=modified))
    return table


def hardware_dollars(seconds: float, price: HardwarePrice, *, devices: int = 1) -> float:
    """``seconds / 3600 × $/hour × devices``."""
    if seconds < 0 or devices < 1:
        raise ConfigError(f"seconds must be >= 0 and devices >= 1, got {seconds} and {devices}")
    return seconds / 3600.0 * price.usd_per_hour * devices


def api_dollars(
    price: ApiPrice,
    *,
    input_tokens: float,
    output_tokens: float,
    cached_input_tokens: float = 0.0,
    tier: Tier = "standard",
) -> float:
    """Tokens × price per 1M. ``input_tokens`` excludes the ``cached_input_tokens`` (billed at the cached rate)."""
    if min(input_tokens, output_tokens, cached_input_tokens) < 0:
        raise ConfigError("token counts must be >= 0")
    if tier == "batch":
        if price.batch_input is None or price.batch_output is None:
            raise ConfigError("this price entry has no batch prices; add batch_input and batch_output")
        rate_in, rate_out = price.batch_input, price.batch_output
    else:
        rate_in, rate_out = price.input, price.output
    cached_rate = price.cached_input if price.cached_input is not None else rate_in
    return (input_tokens * rate_in + cached_input_tokens * cached_rate + output_tokens * rate_out) / 1e6
