"""Points files for every law: CSV or JSON rows, columns mapped to roles, each row checked where it stands.

A law needs these roles (D may be given as the training compute C instead, D = C / (6N), Kaplan et al.
2020 §2.1):

| law | roles |
| --- | --- |
| chinchilla | N, D, loss |
| t2 | N, D, k, loss |
| t2-pass | N, D, k, pass |
| coverage | k, coverage |
| inference-scaling | N, strategy, flops, accuracy |

A CSV has a header row; a JSON file holds a list of objects (or ``{"points": [...]}``). Without an
explicit mapping (``N=Model Size,C=Training FLOP,loss=loss``) a column is recognised by the names in
:data:`ALIASES`. Errors name the file and the row (CSV line number counting the header; JSON point number
from 1) and say what to fix.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError, DataError
from tradeoff.laws._lbfgs import Array

LawName = Literal["chinchilla", "t2", "t2-pass", "coverage", "inference-scaling"]
LAWS: tuple[LawName, ...] = get_args(LawName)

ROLES: dict[LawName, tuple[str, ...]] = {
    "chinchilla": ("N", "D", "loss"),
    "t2": ("N", "D", "k", "loss"),
    "t2-pass": ("N", "D", "k", "pass"),
    "coverage": ("k", "coverage"),
    "inference-scaling": ("N", "strategy", "flops", "accuracy"),
}
ALIASES: dict[str, tuple[str, ...]] = {
    "N": ("N", "params", "parameters", "Model Size", "size"),
    "D": ("D", "tokens", "Training Tokens"),
    "C": ("C", "compute", "flops", "Training FLOP"),
    "k": ("k", "samples"),
    "loss": ("loss", "L"),
    "pass": ("pass", "pass_rate", "pass@k", "pass_at_k"),
    "coverage": ("coverage", "pass@k", "pass"),
    "strategy": ("strategy", "configuration", "label"),
    "flops": ("flops", "inference_flops", "FLOPs"),
    "accuracy": ("accuracy", "acc"),
}
POSITIVE = ("N", "D", "C", "loss", "flops")
FRACTIONS = ("pass", "coverage", "accuracy")


@dataclass(frozen=True, slots=True, eq=False)
class PointsTable:
    """The numeric columns of a points file by role (D derived from C where given that way), and its labels."""

    source: str
    values: dict[str, Array]
    strategies: NDArray[np.str_] | None = None

    def __len__(self) -> int:
        return int(next(iter(self.values.values())).shape[0])


def read_records(path: Path) -> tuple[list[str], list[Mapping[str, Any]], bool]:
    """Header, rows and whether the rows are CSV (line numbers) or JSON (point numbers)."""
    if not path.is_file():
        raise DataError(f"file not found: {path}")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        rows = data.get("points") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DataError(f"{path}: expected a list of objects, or {{'points': [...]}}")
        header = list(dict.fromkeys(key for row in rows for key in row))
        return header, rows, False
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader), True


def mapping_for(law: LawName, header: list[str], columns: Mapping[str, str] | None, *, source: str) -> dict[str, str]:
    """Role → column name for ``law``: the explicit mapping, else recognised names; says what is missing."""
    wanted = ROLES[law]
    allowed = set(wanted) | ({"C"} if "D" in wanted else set())
    if columns:
        unknown = set(columns) - allowed
        if unknown:
            raise ConfigError(f"unknown column role(s) {sorted(unknown)} for {law}; its roles are {sorted(allowed)}")
        mapping = dict(columns)
    else:
        found = {role: next((a for a in ALIASES[role] if a in header), "") for role in allowed}
        mapping = {role: name for role, name in found.items() if name}
        if "D" in mapping and "C" in mapping:
            del mapping["C"]
    missing = [r for r in wanted if r not in mapping and not (r == "D" and "C" in mapping)]
    absent = [name for name in mapping.values() if name not in header]
    if missing or absent:
        what = f"no column for {', '.join(missing)}" if missing else f"column(s) {absent} not found"
        roles = ",".join(f"{r}=..." for r in wanted)
        raise DataError(f"{source}: {what}; its columns are {header}; map them with --columns {roles}")
    return mapping


def read_points(path: Path, law: LawName, *, columns: Mapping[str, str] | None = None) -> PointsTable:
    """Read and check a points file for ``law``; every bad value is reported with its row."""
    header, rows, is_csv = read_records(path)
    source = str(path)
    mapping = mapping_for(law, header, columns, source=source)
    if not rows:
        raise DataError(f"{source}: no data rows")
    numeric = [role for role in mapping if role != "strategy"]
    values = {role: np.empty(len(rows)) for role in numeric}
    for i, row in enumerate(rows):
        where = f"{source}:{i + 2}" if is_csv else f"{source}: point {i + 1}"
        for role in numeric:
            try:
                values[role][i] = float(row[mapping[role]])
            except (KeyError, TypeError, ValueError):
                raise DataError(f"{where}: {mapping[role]} = {row.get(mapping[role])!r} is not a number") from None
        _check_row(where, {role: values[role][i] for role in numeric})
    if "C" in values:
        values["D"] = values.pop("C") / (6.0 * values["N"])
    strategies = np.array([str(row.get(mapping["strategy"], "")) for row in rows]) if "strategy" in mapping else None
    return PointsTable(source, values, strategies)


def _check_row(where: str, row: Mapping[str, float]) -> None:
    for role, value in row.items():
        if role in POSITIVE and not (np.isfinite(value) and value > 0):
            raise DataError(f"{where}: {role} must be positive, got {value:g}; fix or drop this row")
        if role == "k" and not (np.isfinite(value) and value >= 1):
            raise DataError(f"{where}: k must be at least 1, got {value:g}; fix or drop this row")
        if role in FRACTIONS and not (0 <= value <= 1):
            raise DataError(f"{where}: {role} must lie in [0, 1], got {value:g}; fix or drop this row")
