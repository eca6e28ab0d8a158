"""The ``train`` stage: a LoRA of a base model on the task's train split, or on the accepted samples of a data
stage (synthetic data from a teacher, or self-distillation), run where the executor puts work."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

from tradeoff.experiment.spec import ModelEntry, TaskEntry, TrainingEntry
from tradeoff.experiment.stage import Context, Kind
from tradeoff.tasks import get_task


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainJob:
    kind: ClassVar[Kind] = "train"

    variant: str  # the trained variant's name
    base: ModelEntry
    entry: TrainingEntry
    task: TaskEntry
    examples: int
    out: str  # folder: adapter/ and training.json
    data_pool: str | None = None  # the pool of accepted samples to train on (synthetic / self-distill)

    def run(self, ctx: Context) -> str:
        from tradeoff.train import train_lora, training_data
        from tradeoff.train.data import split_provenance

        if self.data_pool is None:
            task = get_task(self.entry.task or self.task.name, **(self.entry.task_options or self.task.options))
            data = training_data(task, examples=self.examples, eval_limit=self.task.limit)
            record = split_provenance(task, data)
        else:
            from tradeoff.train.from_pool import PoolExamples, pool_training_data

            kind = "synthetic" if self.entry.data.source == "synthetic" else "self-distillation"
            found = pool_training_data(ctx.root, self.data_pool, student=self.base.model, kind=kind,  # type: ignore[arg-type]
                                       select=PoolExamples(examples=self.examples, eval_limit=self.task.limit),
                                       prices=[Path(p) for p in ctx.spec.cost.prices])  # fmt: skip
            data, record = found.data, dict(found.record)
        record["experiment_variant"] = self.variant
        fn = partial(train_lora, data, Path(self.out), model=self.base.model, options=self.entry.lora, spec=record,
                     on_step=ctx.on_step())  # fmt: skip
        done = ctx.executor.call(fn, gpus=1.0)
        return f"{done.examples} examples, {done.steps} steps, {done.seconds:.0f} s → {self.out}/adapter"


__all__ = ["TrainJob"]
