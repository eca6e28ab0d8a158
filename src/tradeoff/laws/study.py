"""Law inputs from a pretraining study: a run directory holding models trained by ``tradeoff pretrain`` and
the pools sampled from them.

- **Loss points** (Chinchilla): every ``training.json`` written by ``pretrain`` under the run directory, or beside
  a model folder one of its pools was sampled from, gives (N, D, loss) = (non-embedding parameters, training
  tokens, held-out loss in nats per token).
- **pass@k points** (T², both forms): every scored pool of the run whose model is one of those folders gives,
  for k = 1, 2, 4, … up to its n samples per problem, the unbiased pass@k averaged over its problems (Chen et
  al. 2021) at that model's (N, D). A pool's model is matched to its record by folder: the record's
  ``model`` path, or the ``training.json`` beside the folder the pool names.
- The T² *loss* form needs a loss that falls with k; this study uses the task loss −log(pass@k). A point
  whose k samples solve none or all of the problems gives no point there (−log is infinite or zero, and
  the form's log-loss fit needs a positive loss). ``t2-pass`` uses pass@k itself, every point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tradeoff.errors import DataError
from tradeoff.laws.coverage import pass_at_k
from tradeoff.laws.tables import PointsTable
from tradeoff.pretrain.record import RECORD_FILE, PretrainRecord, is_pretrain_record
from tradeoff.run.handle import LEDGER
from tradeoff.run.ops import open_ledger, stored_spec
from tradeoff.strategies import default_ks, pool_arrays


@dataclass(frozen=True, slots=True)
class PassPoint:
    """One pool's pass@k at one k, with the (N, D) of the model it was sampled from."""

    pool: str
    params: float
    tokens: float
    k: int
    pass_rate: float


def pretrain_records(run: Path) -> list[PretrainRecord]:
    """Every pretraining ``training.json`` under ``run``, and beside each model folder its pools name (once each)."""
    found = {Path(r.model).resolve(): r for r in _records_under(run)}
    if (Path(run) / LEDGER).is_file():
        with open_ledger(run) as ledger:
            for pool in ledger.pools():
                record = _record_for(Path(stored_spec(ledger, pool).model), found)
                if record is not None:
                    found.setdefault(Path(record.model).resolve(), record)
    if not found:
        raise DataError(f"{run} holds no pretraining records; train models into it with `tradeoff pretrain --out`")
    return sorted(found.values(), key=lambda r: r.model)


def _records_under(run: Path) -> list[PretrainRecord]:
    return [PretrainRecord.load(p.parent) for p in sorted(Path(run).rglob(RECORD_FILE)) if is_pretrain_record(p)]


def loss_table(run: Path) -> PointsTable:
    """(N, D, held-out loss) of every pretrained model of ``run`` (see :func:`pretrain_records`)."""
    records = pretrain_records(run)
    values = {
        "N": np.array([r.params for r in records], dtype=float),
        "D": np.array([r.tokens for r in records], dtype=float),
        "loss": np.array([r.held_out_loss for r in records], dtype=float),
    }
    return PointsTable(f"{run} ({len(records)} pretraining records)", values)


def pass_points(run: Path) -> list[PassPoint]:
    """pass@k at k = 1, 2, 4, … n of every scored pool sampled from a pretrained model of ``run``."""
    by_folder = {Path(r.model).resolve(): r for r in pretrain_records(run)}
    points: list[PassPoint] = []
    with open_ledger(run) as ledger:
        for pool in ledger.pools():
            spec = stored_spec(ledger, pool)
            record = _record_for(Path(spec.model), by_folder)
            if record is None:
                continue
            samples = ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)
            arrays = pool_arrays(samples, pool=f"pool {pool!r}")
            counts = arrays.correct.sum(axis=1)
            ks = default_ks(arrays.samples)
            rates = pass_at_k(counts, samples=arrays.samples, ks=ks).mean(axis=0)
            points += [
                PassPoint(pool, record.params, record.tokens, k, float(r)) for k, r in zip(ks, rates, strict=True)
            ]
    if not points:
        raise DataError(f"{run} holds no scored pool sampled from its pretrained models; sample and score some first")
    return points


def pass_table(run: Path, *, as_loss: bool) -> PointsTable:
    """(N, D, k, pass) for ``t2-pass``, or (N, D, k, loss = −log pass@k) for ``t2`` (see the module doc)."""
    points = [p for p in pass_points(run) if not as_loss or 0 < p.pass_rate < 1]
    if not points:
        raise DataError(f"every pool of {run} solved none or all of its problems, so −log(pass@k) cannot be fitted")
    values = {
        "N": np.array([p.params for p in points], dtype=float),
        "D": np.array([p.tokens for p in points], dtype=float),
        "k": np.array([p.k for p in points], dtype=float),
    }
    rates = [p.pass_rate for p in points]
    values |= {"loss": np.array([-math.log(r) for r in rates])} if as_loss else {"pass": np.array(rates)}
    pools = len({p.pool for p in points})
    return PointsTable(f"{run} ({pools} pools of pretrained models, {len(points)} (N, D, k) points)", values)


def _record_for(model: Path, by_folder: dict[Path, PretrainRecord]) -> PretrainRecord | None:
    """The record of the pretrained folder ``model`` (as the pool named it, relative to the working directory)."""
    if not model.is_dir():
        return None
    folder = model.resolve()
    if folder in by_folder:
        return by_folder[folder]
    beside = folder.parent / RECORD_FILE
    return PretrainRecord.load(folder.parent) if beside.is_file() and is_pretrain_record(beside) else None


__all__ = ["PassPoint", "loss_table", "pass_points", "pass_table", "pretrain_records"]
