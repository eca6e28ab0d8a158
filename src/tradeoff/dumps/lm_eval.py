"""lm-evaluation-harness per-sample logs (``--log_samples``) read as a pool.

The harness writes ``samples_<task>_<timestamp>.jsonl``: one record per document *per filter*, with
``doc_id``, ``doc`` (the dataset row), ``target``, ``arguments`` (the prompt and generation settings),
``resps`` (one list per request; a generation task with ``repeats: N`` has one request holding N
responses), ``filtered_resps`` (after the filter: a voted or extracted answer, not one per response),
``filter``, ``metrics`` and the metric values (``exact_match``, …). See ``lm_eval/evaluator.py``
(``example = {"doc_id": …, "resps": [req.resps for req in requests], …}``).

Each document becomes a problem (question from ``doc``, gold answer projected out of ``target`` by the
task's extractor, e.g. GSM8K's ``#### 72``) and each of its N responses a sample (sample index =
repeat index), scored by a tradeoff task's projection and equivalence check, so ``tradeoff curves``
gives majority@k and pass@k for every k ≤ N. The raw responses are re-scored, not the filtered ones:
a harness filter such as ``maj@64`` keeps one voted answer per document, which no estimator can reuse.
The harness records no token counts: samples carry 0 tokens and the pool's spec says so
(``backend_options.tokens``); sampling settings come from the generation arguments where recorded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeoff.errors import ConfigError, DataError
from tradeoff.ledger import sample_key
from tradeoff.pools.sample import PoolSpec
from tradeoff.pools.score import score_pool
from tradeoff.run.ops import open_ledger
from tradeoff.tasks import get_task
from tradeoff.tasks.base import Task
from tradeoff.tasks.jsonl import read_jsonl
from tradeoff.types import ExtractionMethod, FinishReason, Generation, Problem

_NAME = re.compile(r"^samples_(?P<task>.+?)_(?P<stamp>\d{4}-\d{2}-\d{2}T[0-9.:-]+)\.jsonl$")
_QUESTION_FIELDS = ("question", "problem", "input", "query", "prompt", "text")
_BOOKKEEPING = {"doc_id", "doc", "target", "arguments", "resps", "filtered_resps", "filter", "metrics"}
TOKENS_UNKNOWN = "unknown: lm-evaluation-harness sample logs record no token counts (stored as 0)"


@dataclass(frozen=True, slots=True)
class Imported:
    pool: str
    problems: int
    samples_per_problem: int


def import_lm_eval(
    run: Path,
    *,
    path: Path,
    task: str = "gsm8k",
    task_options: Mapping[str, Any] | None = None,
    pool: str | None = None,
    model: str | None = None,
    temperature: float | None = None,
) -> Imported:
    """Read a harness ``samples_*.jsonl`` into ``run`` as one scored pool (see the module docstring).

    ``task`` scores the responses (its extractor and equivalence check); ``temperature`` overrides the
    one in the dump's generation arguments (needed when the dump has N > 1 responses but records none).
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"file not found: {path}")
    named = _NAME.match(path.name)
    harness_task = named["task"] if named else path.stem.removeprefix("samples_")
    scorer = get_task(task, **dict(task_options or {}))
    docs = _documents(path)
    if not docs:
        raise DataError(f"{path} holds no samples; pass a samples_<task>_<timestamp>.jsonl written with --log_samples")
    n = _repeats(path, docs)
    sampling, unrecorded = _sampling(path, docs, n, temperature)
    name = pool or re.sub(r"[^A-Za-z0-9_.@+-]", "-", f"lm-eval-{harness_task}")
    model_name = model or f"lm-eval/{harness_task}"
    spec = PoolSpec.parse(
        {
            "name": name,
            "task": task,
            "task_options": dict(task_options or {}),
            "backend": "import",
            "model": model_name,
            "backend_options": {
                "format": "lm-evaluation-harness samples",
                "source": path.name,
                "tokens": TOKENS_UNKNOWN,
                "unrecorded": unrecorded,
            },
            "n": n,
            "sampling": sampling,
        }
    )
    problems = [
        _problem(f"{path}:{line}", f"{harness_task}-{doc_id}", record, scorer, {"doc_id": doc_id, "lm_eval": metrics})
        for doc_id, (line, _, record, metrics) in docs.items()
    ]
    responses = [d[1] for d in docs.values()]
    with open_ledger(run, create=True) as ledger:
        stored = ledger.pool_spec(name)
        if stored is not None and stored != spec.model_dump(mode="json"):
            raise ConfigError(f"pool {name!r} already exists in {run} with other contents; pass another pool name")
        ledger.save_pool(name, spec.model_dump(mode="json"), problems)
        ledger.add_samples(name, _sample_rows(model_name, problems, responses))
        score_pool(ledger, name, scorer)
    return Imported(pool=name, problems=len(problems), samples_per_problem=n)


_Documents = dict[int, tuple[int, list[str], dict[str, Any], dict[str, Any]]]


def _repeats(path: Path, docs: _Documents) -> int:
    """N, the number of responses every document has (the harness's ``repeats``)."""
    sizes = {len(d[1]) for d in docs.values()}
    if len(sizes) > 1:
        raise DataError(
            f"{path}: documents have {min(sizes)}..{max(sizes)} responses; every doc needs the same repeats"
        )
    return sizes.pop()


def _sampling(path: Path, docs: _Documents, n: int, temperature: float | None) -> tuple[dict[str, Any], list[str]]:
    """The pool's sampling settings from the first document's generation arguments (``temperature`` wins),
    and the names of what the dump does not record."""
    first_line, _, first, _ = next(iter(docs.values()))
    settings = _generation_kwargs(first.get("arguments"))
    temp = temperature if temperature is not None else _number(settings.get("temperature"))
    if temp is None or temp == 0:
        if n > 1:
            raise DataError(
                f"{path}:{first_line}: {n} responses per doc but no sampling temperature recorded; "
                "pass temperature=T (the one the harness sampled with)"
            )
        temp = 0.0
    sampling: dict[str, Any] = {"temperature": temp}
    unrecorded = ["tokens", "seconds", "seeds", "finish reasons"]
    for ours, theirs in (("top_p", "top_p"), ("max_tokens", "max_gen_toks")):
        value = _number(settings.get(theirs))
        if value is None:
            unrecorded.append(ours)
        else:
            sampling[ours] = int(value) if ours == "max_tokens" else value
    return sampling, unrecorded


def _sample_rows(
    model: str, problems: list[Problem], responses: list[list[str]]
) -> list[tuple[str, str, int, Generation, dict[str, object]]]:
    """Ledger rows for each problem's responses: sample index = repeat index, keyed by the response's text."""
    rows = []
    for problem, texts in zip(problems, responses, strict=True):
        for index, text in enumerate(texts):
            identity: dict[str, object] = {
                "backend": f"import/{model}",
                "problem": problem.id,
                "sample_index": index,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
            generation = Generation(
                text=text, prompt_tokens=0, completion_tokens=0, finish_reason=FinishReason.STOP, seconds=0.0
            )
            rows.append((sample_key(identity), problem.id, index, generation, identity))
    return rows


def _documents(path: Path) -> _Documents:
    """``doc_id → (line, responses, first record, {filter: metrics})``; filters repeat a doc's responses."""
    docs: _Documents = {}
    for line, record in read_jsonl(path):
        where = f"{path}:{line}"
        doc_id, resps = record.get("doc_id"), record.get("resps")
        if not isinstance(doc_id, int):
            raise DataError(f"{where}: missing integer 'doc_id'; is this an lm-evaluation-harness samples file?")
        if not isinstance(resps, list) or len(resps) != 1 or not isinstance(resps[0], list):
            size = len(resps) if isinstance(resps, list) else 0
            raise DataError(
                f"{where}: 'resps' holds {size} requests; only generation tasks (one request, N repeats) import"
            )
        responses = resps[0]
        if not responses or not all(isinstance(r, str) for r in responses):
            raise DataError(f"{where}: 'resps' must hold the generated strings of doc {doc_id}")
        metrics = {k: v for k, v in record.items() if k not in _BOOKKEEPING and isinstance(v, int | float)}
        metrics = {k: v for k, v in metrics.items() if not k.endswith("_hash")}
        label = str(record.get("filter", "none"))
        if doc_id in docs:
            if docs[doc_id][1] != responses:
                raise DataError(f"{where}: doc {doc_id} appears again with other responses; import one run per file")
            docs[doc_id][3][label] = metrics
        else:
            docs[doc_id] = (line, list(responses), dict(record), {label: metrics})
    return docs


def _problem(where: str, pid: str, record: Mapping[str, Any], task: Task, metadata: dict[str, Any]) -> Problem:
    """A document as a problem; ``metadata`` keeps its doc id and the harness's metrics per filter."""
    doc = record.get("doc")
    question = next((doc[f] for f in _QUESTION_FIELDS if isinstance(doc, dict) and isinstance(doc.get(f), str)), None)
    if question is None:
        question = _prompt(record.get("arguments"))
    if question is None:
        raise DataError(f"{where}: no question in 'doc' ({', '.join(_QUESTION_FIELDS)}) nor a prompt in 'arguments'")
    target = record.get("target")
    if not isinstance(target, str | int | float) or isinstance(target, bool):
        raise DataError(f"{where}: 'target' must be a string or number (a generation task's gold answer)")
    extraction = task.extract(str(target))
    gold = extraction.answer if extraction.method is ExtractionMethod.MARKER and extraction.answer else str(target)
    return Problem(id=pid, question=question, answer=gold.strip(), metadata=metadata)


def _generation_kwargs(arguments: object) -> dict[str, Any]:
    """The generation settings of the first request: ``[[prompt, kwargs]]`` or ``{"gen_args_0": {"arg_1": …}}``."""
    first = _first_request(arguments)
    return dict(first[1]) if len(first) > 1 and isinstance(first[1], dict) else {}


def _prompt(arguments: object) -> str | None:
    first = _first_request(arguments)
    return first[0] if first and isinstance(first[0], str) else None


def _first_request(arguments: object) -> list[Any]:
    if isinstance(arguments, list) and arguments and isinstance(arguments[0], list):
        return list(arguments[0])
    if isinstance(arguments, dict) and arguments:
        request = next(iter(arguments.values()))
        if isinstance(request, dict):
            return [request[k] for k in sorted(request)]
    return []


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
