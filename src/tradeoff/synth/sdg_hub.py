"""The optional sdg_hub route (``pip install 'tradeoff[sdg]'``): an existing sdg_hub flow as the teacher.

sdg_hub (Red Hat AI Innovation Team) runs YAML flows of LLM and transform blocks over a pandas DataFrame
(``Flow.from_yaml(path)``, ``flow.set_model_config(model=..., api_base=..., api_key=...)``,
``flow.generate(frame)``). Here the frame holds the task's train problems (columns ``id`` and
``question_column``); each output row's ``output_column`` becomes one sample of an ordinary pool in the run's
ledger (backend ``sdg_hub``, identity = the flow file's content hash and the model), is scored against the gold
answer like any teacher's sample, and trains the student through ``tradeoff train --data-run/--data-pool``.
Problems already stored are not sent again, so a re-run continues. The first output row of a problem is its
sample; a problem the flow drops is not attempted (and is sent again on a re-run).

sdg_hub does not report token usage, so only the flow's wall time is recorded (split evenly over its rows);
the data's cost is then measured seconds (:mod:`tradeoff.synth.cost`), which understates an API-backed flow:
for an API teacher with token-exact cost, use ``tradeoff synth --teacher-backend openai`` instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeoff.backends.models import path_digest
from tradeoff.errors import BackendError, DataError
from tradeoff.ledger import request_identity, sample_key
from tradeoff.pools.sample import PoolSpec
from tradeoff.pools.score import score_pool
from tradeoff.registry import require
from tradeoff.run.ops import open_ledger
from tradeoff.tasks import get_task
from tradeoff.types import FinishReason, Generation, SamplingParams


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowOptions:
    """How to call a flow: the teacher ``model`` (with its ``api_base`` and ``api_key``; the flow's own model
    when ``None``), the column the questions go into and the column the answers come out of."""

    model: str | None = None
    api_base: str | None = None
    api_key: str | None = field(default=None, repr=False)  # never printed
    question_column: str = "question"
    output_column: str = "response"


def run_flow(
    flow: Path,
    run: Path,
    *,
    pool: str,
    task: str = "arithmetic",
    task_options: dict[str, Any] | None = None,
    examples: int | None = None,
    options: FlowOptions = FlowOptions(),
) -> int:
    """Run ``flow`` on the first ``examples`` train problems not yet stored; returns how many rows were stored."""
    model, question_column, output_column = options.model, options.question_column, options.output_column
    sdg_hub, pandas = require("sdg_hub", "sdg"), require("pandas", "sdg")
    if not flow.is_file():
        raise DataError(f"sdg_hub flow not found: {flow}")
    identity = f"sdg_hub:{flow.name}@sha256:{path_digest(flow)[:12]}/{model or 'flow default'}"
    spec = PoolSpec.parse({"name": pool, "task": task, "task_options": task_options or {}, "split": "train",
                           "limit": examples, "backend": "sdg_hub", "model": model or flow.name})  # fmt: skip
    the_task = get_task(spec.task, **spec.task_options)
    problems = the_task.problems("train", limit=examples)
    with open_ledger(run, create=True) as ledger:
        stored = ledger.pool_spec(pool)
        if stored is not None:
            spec.check_compatible(stored)
        ledger.save_pool(pool, spec.model_dump(mode="json"), problems)
        done = {pid for pid, _ in ledger.linked(pool)}
        todo = {p.id: p for p in problems if p.id not in done}
        if not todo:
            return 0
        engine = sdg_hub.Flow.from_yaml(str(flow))
        if model is not None:
            engine.set_model_config(model=model, api_base=options.api_base, api_key=options.api_key)
        frame = pandas.DataFrame([{"id": pid, question_column: p.question} for pid, p in todo.items()])
        start = time.perf_counter()
        try:
            rows = engine.generate(frame).to_dict("records")
        except Exception as exc:  # sdg_hub raises its own and LiteLLM's errors; nothing was stored for this call
            raise BackendError(f"sdg_hub flow {flow.name} failed: {' '.join(str(exc).split())[:200]}") from exc
        share = (time.perf_counter() - start) / max(1, len(rows))
        if rows and not {"id", output_column} <= set(rows[0]):
            raise DataError(f"sdg_hub flow {flow.name} output has no {output_column!r} or 'id' column")
        out = []
        for row in rows:
            problem = todo.pop(str(row["id"]), None)
            if problem is None:  # not asked for, or a second row for the same problem
                continue
            ident = request_identity(identity, the_task.messages(problem), SamplingParams(), 0)
            text = str(row[output_column])
            generation = Generation(text=text, prompt_tokens=0, completion_tokens=0,
                                    finish_reason=FinishReason.STOP, seconds=share)  # fmt: skip
            out.append((sample_key(ident), problem.id, 0, generation, ident))
        ledger.add_samples(pool, out)
        score_pool(ledger, pool, the_task)
    return len(out)


__all__ = ["FlowOptions", "run_flow"]
