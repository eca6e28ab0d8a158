"""GSM8K's published model solutions (Cobbe et al. 2021, "Training Verifiers to Solve Math Word Problems") as pools.

``example_model_solutions.jsonl`` holds, for each of the 1,319 test problems, one solution from each of
four configurations: a 6B or 175B generator fine-tuned alone (``*_finetuning``: one sample) or with a
trained verifier choosing among 100 samples (``*_verification``). Reading them as pools puts published
results beside a run's own, through the same scoring path (the ``A: <number>`` answer pattern).
"""

from __future__ import annotations

import json
from pathlib import Path

from tradeoff.errors import DataError
from tradeoff.ledger import sample_key
from tradeoff.pools.sample import PoolSpec
from tradeoff.pools.score import score_pool
from tradeoff.run.ops import open_ledger
from tradeoff.tasks import get_task
from tradeoff.types import FinishReason, Generation

EXAMPLE_CONFIGURATIONS = ("6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification")
EXAMPLE_ANSWER_PATTERN = r"^A:\s*(.+)$"


def import_example_solutions(run: Path, *, path: Path) -> list[str]:
    """Read GSM8K's ``example_model_solutions.jsonl`` (Cobbe et al. 2021) into ``run`` as four scored pools.

    One pool per configuration (6B/175B, fine-tuned alone or with a verifier choosing among 100), one
    sample per test problem, scored by the GSM8K task with the ``A: <number>`` answer pattern. The dump
    records no token counts or sampling settings: samples carry 0 tokens and the default settings.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"file not found: {path}")
    task_options = {"path": str(path.parent.resolve()), "answer_pattern": EXAMPLE_ANSWER_PATTERN}
    task = get_task("gsm8k", **task_options)
    problems = task.problems("test")
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) != len(problems):
        raise DataError(f"{path}: {len(lines)} lines, but the GSM8K test split beside it has {len(problems)} problems")
    records = []
    for number, (line, problem) in enumerate(zip(lines, problems, strict=True), start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{number}: malformed JSON ({exc.msg})") from None
        if record.get("question") != problem.question:
            raise DataError(f"{path}:{number}: question differs from the GSM8K test problem {problem.id}")
        records.append(record)
    with open_ledger(run, create=True) as ledger:
        for configuration in EXAMPLE_CONFIGURATIONS:
            spec = PoolSpec.parse(
                {
                    "name": configuration,
                    "task": "gsm8k",
                    "task_options": task_options,
                    "backend": "import",
                    "model": f"grade-school-math/{configuration}",
                }
            )
            ledger.save_pool(configuration, spec.model_dump(mode="json"), problems)
            rows = []
            for problem, record in zip(problems, records, strict=True):
                identity: dict[str, object] = {
                    "backend": f"import/grade-school-math/{configuration}",
                    "problem": problem.id,
                    "sample_index": 0,
                }
                text = str(record[configuration]["solution"])
                generation = Generation(
                    text=text, prompt_tokens=0, completion_tokens=0, finish_reason=FinishReason.STOP, seconds=0.0
                )
                rows.append((sample_key(identity), problem.id, 0, generation, identity))
            ledger.add_samples(configuration, rows)
            score_pool(ledger, configuration, task)
    return list(EXAMPLE_CONFIGURATIONS)
