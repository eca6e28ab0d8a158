"""The catalogue of malformed inputs: every one, on every command and every spec section, ends in exit code 2,
exactly one line on stderr, no traceback, and a pre-existing run directory left byte-for-byte unchanged.

Each case runs the real command line in-process (:func:`tradeoff.cli.main.main`, the same last line of
defence as the console script). ``{run}`` is a run directory sampled once for the module (two mock pools);
``{tmp}`` is the case's own folder, where its ``files`` are written first. Spec cases are checked twice:
with ``tradeoff validate`` and with ``tradeoff run`` (which must refuse them before spending anything), and
the spec's ``run_dir`` is the pre-existing run.
"""

from __future__ import annotations

import copy
import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from tradeoff.cli.main import main

Files = dict[str, str | bytes]

BASE_SPEC: dict[str, Any] = {
    "name": "catalogue",
    "run_dir": "{run}",
    "tasks": [{"name": "arithmetic", "options": {"seed": 0}, "limit": 4}],
    "models": [{"name": "small", "backend": "mock", "model": "mock-small", "options": {"accuracy": 0.4}}],
    "sampling": {"temperature": 0.7, "max_tokens": 32, "seed": 0},
    "strategies": [{"name": "greedy"}, {"name": "majority", "budgets": [1, 2]}],
    "cost": {"hardware": "cpu-core", "queries": [1000]},
}
TRAINING = {"name": "lora", "base": "small", "scales": [8], "lora": {"steps": 2}}
SEARCH = {"strategy": "beam", "budgets": [2], "beam_width": 2, "step_verifier": "prm"}
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def spec(path: str, value: Any) -> str:
    """The base spec with ``value`` set at the dotted ``path`` (``-`` as a value deletes the key)."""
    data = copy.deepcopy(BASE_SPEC)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    key: Any = int(last) if last.isdigit() else last
    if value == "-":
        del node[key]
    else:
        node[key] = value
    return yaml.safe_dump(data, sort_keys=False)


SPEC_CASES: list[tuple[str, str | bytes]] = [
    ("task-unknown", spec("tasks.0.name", "arithmetc")),
    ("task-option-unknown", spec("tasks.0.options", {"bogus": 1})),
    ("task-option-type", spec("tasks.0.options", {"seed": "abc"})),
    ("task-option-bool-for-int", spec("tasks.0.options", {"size": True})),
    ("task-options-not-mapping", spec("tasks.0.options", [1, 2])),
    ("task-limit-zero", spec("tasks.0.limit", 0)),
    ("task-limit-negative", spec("tasks.0.limit", -3)),
    ("task-limit-text", spec("tasks.0.limit", "many")),
    ("task-limit-absurd", spec("tasks.0.limit", 10**12)),
    ("task-split", spec("tasks.0.split", "dev")),
    ("tasks-empty", spec("tasks", [])),
    ("tasks-not-list", spec("tasks", "arithmetic")),
    ("task-extra-key", spec("tasks.0.limt", 3)),
    ("task-jsonl-no-path", spec("tasks.0", {"name": "jsonl"})),
    ("task-jsonl-missing-file", spec("tasks.0", {"name": "jsonl", "options": {"path": "/nonexistent/x.jsonl"}})),
    ("backend-unknown", spec("models.0.backend", "mok")),
    ("backend-option-unknown", spec("models.0.options", {"bogus": 1})),
    ("backend-option-type", spec("models.0.options", {"accuracy": "high"})),
    ("backend-option-bool", spec("models.0.options", {"batch_size": True})),
    ("backend-option-inf", spec("models.0.options", {"accuracy": float("inf")})),
    ("backend-option-nan", spec("models.0.options", {"accuracy": float("nan")})),
    ("backend-options-list", spec("models.0.options", ["accuracy"])),
    ("model-name-dotdot", spec("models.0.name", "..")),
    ("model-name-dot", spec("models.0.name", ".")),
    ("model-name-slash", spec("models.0.name", "a/b")),
    ("model-name-empty", spec("models.0.name", "")),
    ("models-duplicate", spec("models", [BASE_SPEC["models"][0], BASE_SPEC["models"][0]])),
    ("models-empty", spec("models", [])),
    ("model-extra-key", spec("models.0.modle", "x")),
    ("model-evaluate-text", spec("models.0.evaluate", "perhaps")),
    ("sampling-temperature-negative", spec("sampling.temperature", -1)),
    ("sampling-temperature-inf", spec("sampling.temperature", float("inf"))),
    ("sampling-temperature-nan", spec("sampling.temperature", float("nan"))),
    ("sampling-top-p-zero", spec("sampling.top_p", 0)),
    ("sampling-top-p-nan", spec("sampling.top_p", float("nan"))),
    ("sampling-max-tokens-zero", spec("sampling.max_tokens", 0)),
    ("sampling-max-tokens-absurd", spec("sampling.max_tokens", 10**12)),
    ("sampling-seed-text", spec("sampling.seed", "x")),
    ("sampling-greedy-with-votes", spec("sampling.temperature", 0)),
    ("sampling-extra-key", spec("sampling.temprature", 0.5)),
    ("strategies-empty", spec("strategies", [])),
    ("strategy-unknown", spec("strategies.1.name", "vote")),
    ("budgets-missing", spec("strategies.1.budgets", "-")),
    ("budgets-empty", spec("strategies.1.budgets", [])),
    ("budgets-zero", spec("strategies.1.budgets", [0])),
    ("budgets-negative", spec("strategies.1.budgets", [-1])),
    ("budgets-true", spec("strategies.1.budgets", [True])),
    ("budgets-float", spec("strategies.1.budgets", [1.5])),
    ("budgets-text", spec("strategies.1.budgets", ["2"])),
    ("budgets-absurd", spec("strategies.1.budgets", [1, 1_000_000_000])),
    ("budgets-not-list", spec("strategies.1.budgets", 4)),
    ("greedy-with-budgets", spec("strategies.0.budgets", [2])),
    ("best-of-without-verifier", spec("strategies.1", {"name": "best_of", "budgets": [2]})),
    ("majority-with-verifier", spec("strategies.1.verifier", "self_certainty")),
    ("verifier-unknown", spec("strategies.1", {"name": "best_of", "budgets": [2], "verifier": "nosuch"})),
    ("verifier-option-unknown", spec("verifiers", {"self_certainty": {"bogus": 1}})),
    ("verifier-option-type", spec("verifiers", {"self_certainty": {"aggregate": 3}})),
    ("verifiers-unknown-name", spec("verifiers", {"nosuch": {}})),
    ("verifiers-not-mapping", spec("verifiers", ["self_certainty"])),
    ("queries-inf", spec("cost.queries", [float("inf")])),
    ("queries-nan", spec("cost.queries", [float("nan")])),
    ("queries-zero", spec("cost.queries", [0])),
    ("queries-negative", spec("cost.queries", [-5])),
    ("queries-empty", spec("cost.queries", [])),
    ("queries-true", spec("cost.queries", [True])),
    ("queries-text", spec("cost.queries", ["many"])),
    ("hardware-unknown", spec("cost.hardware", "quantum")),
    ("prices-missing-file", spec("cost.prices", ["/nonexistent/prices.yaml"])),
    ("target-accuracy-high", spec("cost.target_accuracy", 1.5)),
    ("target-accuracy-nan", spec("cost.target_accuracy", float("nan"))),
    ("cost-extra-key", spec("cost.querys", [1])),
    ("name-dotdot", spec("name", "..")),
    ("name-dot", spec("name", ".")),
    ("name-empty", spec("name", "")),
    ("name-space", spec("name", "a b")),
    ("name-missing", spec("name", "-")),
    ("name-number", spec("name", 5)),
    ("description-list", spec("description", ["a"])),
    ("seed-text", spec("seed", "x")),
    ("run-dir-is-file", spec("run_dir", "{tmp}/spec.yaml")),
    ("training-base-unknown", spec("training", [{**TRAINING, "base": "nosuch"}])),
    ("training-name-dotdot", spec("training", [{**TRAINING, "name": ".."}])),
    ("training-scales-zero", spec("training", [{**TRAINING, "scales": [0]}])),
    ("training-scales-true", spec("training", [{**TRAINING, "scales": [True]}])),
    ("training-scales-absurd", spec("training", [{**TRAINING, "scales": [10**10]}])),
    ("training-scales-duplicate", spec("training", [{**TRAINING, "scales": [8, 8]}])),
    ("training-synthetic-no-teacher", spec("training", [{**TRAINING, "data": {"source": "synthetic"}}])),
    ("training-teacher-unknown", spec("training", [{**TRAINING, "data": {"source": "synthetic", "teacher": "x"}}])),
    ("training-source-unknown", spec("training", [{**TRAINING, "data": {"source": "web"}}])),
    ("training-rank-zero", spec("training", [{**TRAINING, "lora": {"rank": 0}}])),
    ("training-dropout-high", spec("training", [{**TRAINING, "lora": {"dropout": 1.5}}])),
    ("training-lr-inf", spec("training", [{**TRAINING, "lora": {"learning_rate": float("inf")}}])),
    ("training-steps-negative", spec("training", [{**TRAINING, "lora": {"steps": -1}}])),
    ("training-task-unknown", spec("training", [{**TRAINING, "task": "gsm9k"}])),
    ("training-task-options-bad", spec("training", [{**TRAINING, "task_options": {"bogus": 1}}])),
    ("search-strategy-unknown", spec("search", [{**SEARCH, "strategy": "mcts"}])),
    ("search-budgets-empty", spec("search", [{**SEARCH, "budgets": []}])),
    ("search-budgets-zero", spec("search", [{**SEARCH, "budgets": [0]}])),
    ("search-budgets-absurd", spec("search", [{**SEARCH, "budgets": [10**9]}])),
    ("search-step-verifier-unknown", spec("search", [{**SEARCH, "step_verifier": "nosuch"}])),
    ("search-beam-width-zero", spec("search", [{**SEARCH, "beam_width": 0}])),
    ("difficulty-bins-one", spec("difficulty", {"bins": 1})),
    ("difficulty-verifier-source", spec("difficulty", {"source": "verifier"})),
    ("difficulty-source-unknown", spec("difficulty", {"source": "vibes"})),
    ("top-level-typo", spec("stratgies", [])),
    ("top-level-list", "- name: x\n- models: []\n"),
    ("top-level-scalar", "just text\n"),
    ("empty-file", ""),
    ("yaml-unclosed", "name: x\ntasks: [\n"),
    ("yaml-tab", "name: x\n\ttasks: []\n"),
    ("yaml-alias-bomb", BOMB + yaml.safe_dump(BASE_SPEC)),
    ("yaml-alias-bomb-only", BOMB),
    ("not-utf8", b"name: caf\xe9\n" + yaml.safe_dump(BASE_SPEC).encode()),
    ("binary", bytes(range(256))),
]

JSONL_GOOD = '{"question": "What is 2 + 2?", "answer": "4"}\n'
PRICES_BAD = "hardware: {cpu-core: {usd_per_hour: .nan, source: x, date: 2026-01-01}}\n"
POINTS_BAD = "N,D,loss\n1,2\n"

# (id, argv, files): ``{run}``, ``{tmp}`` and file names (written into ``{tmp}``) are substituted.
CLI_CASES: list[tuple[str, list[str], Files]] = [
    ("sample-limit-zero", ["sample", "--run", "{run}", "--backend", "mock", "--limit", "0"], {}),
    ("sample-limit-negative", ["sample", "--run", "{run}", "--backend", "mock", "--limit", "-1"], {}),
    ("sample-n-zero", ["sample", "--run", "{run}", "--backend", "mock", "-n", "0"], {}),
    ("sample-n-text", ["sample", "--run", "{run}", "--backend", "mock", "-n", "x"], {}),
    (
        "sample-n-absurd",
        ["sample", "--run", "{run}", "--backend", "mock", "-n", "1000000000", "--temperature", "1"],
        {},
    ),
    ("sample-temperature-negative", ["sample", "--run", "{run}", "--backend", "mock", "--temperature", "-1"], {}),
    ("sample-temperature-nan", ["sample", "--run", "{run}", "--backend", "mock", "--temperature", "nan"], {}),
    ("sample-temperature-inf", ["sample", "--run", "{run}", "--backend", "mock", "--temperature", "inf"], {}),
    ("sample-top-p", ["sample", "--run", "{run}", "--backend", "mock", "--top-p", "2"], {}),
    ("sample-max-tokens", ["sample", "--run", "{run}", "--backend", "mock", "--max-tokens", "0"], {}),
    ("sample-greedy-n", ["sample", "--run", "{run}", "--backend", "mock", "-n", "4"], {}),
    ("sample-task-unknown", ["sample", "--run", "{run}", "--backend", "mock", "--task", "nosuch"], {}),
    ("sample-backend-unknown", ["sample", "--run", "{run}", "--backend", "nosuch"], {}),
    ("sample-split", ["sample", "--run", "{run}", "--backend", "mock", "--split", "dev"], {}),
    ("sample-option-no-equals", ["sample", "--run", "{run}", "--backend", "mock", "--backend-option", "x"], {}),
    ("sample-option-no-key", ["sample", "--run", "{run}", "--backend", "mock", "--backend-option", "=1"], {}),
    ("sample-option-unknown", ["sample", "--run", "{run}", "--backend", "mock", "--backend-option", "bogus=1"], {}),
    ("sample-option-type", ["sample", "--run", "{run}", "--backend", "mock", "--backend-option", "batch_size=x"], {}),
    ("sample-option-negative", ["sample", "--run", "{run}", "--backend", "mock", "--backend-option", "delay=-1"], {}),
    ("sample-option-yaml", ["sample", "--run", "{run}", "--backend", "mock", "--backend-option", "delay=[1"], {}),
    ("sample-task-option-unknown", ["sample", "--run", "{run}", "--backend", "mock", "--task-option", "x=1"], {}),
    ("sample-task-option-type", ["sample", "--run", "{run}", "--backend", "mock", "--task-option", "seed=x"], {}),
    ("sample-pool-dotdot", ["sample", "--run", "{run}", "--backend", "mock", "--pool", ".."], {}),
    ("sample-pool-dot", ["sample", "--run", "{run}", "--backend", "mock", "--pool", "."], {}),
    ("sample-pool-slash", ["sample", "--run", "{run}", "--backend", "mock", "--pool", "a/b"], {}),
    (
        "sample-pool-changed",
        [
            "sample",
            "--run",
            "{run}",
            "--backend",
            "mock",
            "--model",
            "mock",
            "--pool",
            "greedy",
            "--temperature",
            "0.7",
            "-n",
            "2",
        ],
        {},
    ),
    ("sample-config-missing", ["sample", "--run", "{run}", "--config", "{tmp}/none.yaml"], {}),
    ("sample-config-list", ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml"], {"c.yaml": "- 1\n- 2\n"}),
    ("sample-config-scalar", ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml"], {"c.yaml": "3\n"}),
    ("sample-config-bad-yaml", ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml"], {"c.yaml": "a: [\n"}),
    ("sample-config-not-utf8", ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml"], {"c.yaml": b"n: \xff\n"}),
    ("sample-config-unknown-key", ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml"], {"c.yaml": "nn: 2\n"}),
    ("sample-config-wrong-type", ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml"], {"c.yaml": "n: [2]\n"}),
    (
        "sample-config-options-list",
        ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml", "--backend-option", "delay=0"],
        {"c.yaml": "backend_options: [1]\n"},
    ),
    (
        "sample-config-sampling-list",
        ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml"],
        {"c.yaml": "sampling: [1]\n"},
    ),
    ("sample-config-bomb", ["sample", "--run", "{run}", "--config", "{tmp}/c.yaml"], {"c.yaml": BOMB}),
    ("sample-run-is-file", ["sample", "--run", "{tmp}/f", "--backend", "mock"], {"f": "x"}),
    ("sample-run-under-file", ["sample", "--run", "{tmp}/f/run", "--backend", "mock"], {"f": "x"}),
    ("sample-run-unwritable", ["sample", "--run", "/proc/tradeoff-run", "--backend", "mock"], {}),
    (
        "sample-data-missing",
        ["sample", "--run", "{run}", "--backend", "mock", "--task", "jsonl", "--data", "{tmp}/none.jsonl"],
        {},
    ),
    (
        "sample-data-not-utf8",
        ["sample", "--run", "{run}", "--backend", "mock", "--task", "jsonl", "--data", "{tmp}/d.jsonl"],
        {"d.jsonl": b'{"question": "caf\xe9", "answer": "1"}\n'},
    ),
    (
        "sample-data-empty",
        ["sample", "--run", "{run}", "--backend", "mock", "--task", "jsonl", "--data", "{tmp}/d.jsonl"],
        {"d.jsonl": ""},
    ),
    (
        "sample-data-duplicate-ids",
        [
            "sample",
            "--run",
            "{run}",
            "--backend",
            "mock",
            "--task",
            "jsonl",
            "--data",
            "{tmp}/d.jsonl",
            "--task-option",
            "id_field=id",
        ],
        {"d.jsonl": '{"id": "a", "question": "1+1", "answer": "2"}\n{"id": "a", "question": "2+2", "answer": "4"}\n'},
    ),
    (
        "sample-data-question-number",
        ["sample", "--run", "{run}", "--backend", "mock", "--task", "jsonl", "--data", "{tmp}/d.jsonl"],
        {"d.jsonl": '{"question": 12, "answer": "4"}\n'},
    ),
    (
        "sample-data-question-list",
        ["sample", "--run", "{run}", "--backend", "mock", "--task", "jsonl", "--data", "{tmp}/d.jsonl"],
        {"d.jsonl": '{"question": ["a"], "answer": "4"}\n'},
    ),
    (
        "sample-data-bad-json",
        ["sample", "--run", "{run}", "--backend", "mock", "--task", "jsonl", "--data", "{tmp}/d.jsonl"],
        {"d.jsonl": JSONL_GOOD + "{oops\n"},
    ),
    (
        "sample-data-answer-type",
        [
            "sample",
            "--run",
            "{run}",
            "--backend",
            "mock",
            "--task",
            "jsonl",
            "--data",
            "{tmp}/d.jsonl",
            "--task-option",
            "answer_type=poem",
        ],
        {"d.jsonl": JSONL_GOOD},
    ),
    ("sample-unknown-flag", ["sample", "--run", "{run}", "--bakend", "mock"], {}),
    ("score-run-missing", ["score", "--run", "{tmp}/none"], {}),
    ("score-run-is-file", ["score", "--run", "{tmp}/f"], {"f": "x"}),
    ("score-pool-unknown", ["score", "--run", "{run}", "--pool", "nosuch"], {}),
    ("show-run-missing", ["show", "{tmp}/none"], {}),
    ("show-run-is-file", ["show", "{tmp}/f"], {"f": "x"}),
    ("show-pool-unknown", ["show", "{run}", "--pool", "nosuch"], {}),
    ("show-zero-byte-ledger", ["show", "{tmp}"], {"ledger.sqlite": b""}),
    ("show-foreign-file", ["show", "{tmp}"], {"ledger.sqlite": b"SQLite format 3\x00" + b"\x00" * 200}),
    ("show-text-ledger", ["show", "{tmp}"], {"ledger.sqlite": "not a database at all\n" * 50}),
    ("curves-resamples-zero", ["curves", "{run}", "--resamples", "0"], {}),
    ("curves-resamples-negative", ["curves", "{run}", "--resamples", "-5"], {}),
    ("curves-k-text", ["curves", "{run}", "--k", "a,b"], {}),
    ("curves-k-zero", ["curves", "{run}", "--k", "0"], {}),
    ("curves-k-negative", ["curves", "{run}", "--k", "-1"], {}),
    ("curves-k-absurd", ["curves", "{run}", "--k", "1000000000"], {}),
    ("curves-pool-unknown", ["curves", "{run}", "--pool", "nosuch"], {}),
    ("curves-verifier-unknown", ["curves", "{run}", "--verifier", "nosuch"], {}),
    ("curves-verifier-option", ["curves", "{run}", "--verifier", "self_certainty", "--verifier-option", "bogus=1"], {}),
    ("curves-bins-one", ["curves", "{run}", "--bins", "1"], {}),
    ("curves-run-missing", ["curves", "{tmp}/none"], {}),
    ("plan-queries-inf", ["plan", "{run}", "--queries", "inf"], {}),
    ("plan-queries-nan", ["plan", "{run}", "--queries", "nan"], {}),
    ("plan-queries-negative", ["plan", "{run}", "--queries", "-1"], {}),
    ("plan-queries-zero", ["plan", "{run}", "--queries", "0"], {}),
    ("plan-budget-nan", ["plan", "{run}", "--queries", "1000", "--budget", "nan"], {}),
    ("plan-budget-negative", ["plan", "{run}", "--queries", "1000", "--budget", "-3"], {}),
    ("plan-target-high", ["plan", "{run}", "--queries", "1000", "--target-accuracy", "2"], {}),
    ("plan-target-nan", ["plan", "{run}", "--queries", "1000", "--target-accuracy", "nan"], {}),
    ("plan-hardware-unknown", ["plan", "{run}", "--queries", "1000", "--hardware", "quantum"], {}),
    ("plan-prices-missing", ["plan", "{run}", "--queries", "1000", "--prices", "{tmp}/none.yaml"], {}),
    (
        "plan-prices-not-utf8",
        ["plan", "{run}", "--queries", "1000", "--prices", "{tmp}/p.yaml"],
        {"p.yaml": b"hardware: \xff\n"},
    ),
    ("plan-prices-bad-yaml", ["plan", "{run}", "--queries", "1000", "--prices", "{tmp}/p.yaml"], {"p.yaml": "a: [\n"}),
    ("plan-prices-nan", ["plan", "{run}", "--queries", "1000", "--prices", "{tmp}/p.yaml"], {"p.yaml": PRICES_BAD}),
    ("plan-prices-list", ["plan", "{run}", "--queries", "1000", "--prices", "{tmp}/p.yaml"], {"p.yaml": "- 1\n"}),
    ("plan-verifier-unknown", ["plan", "{run}", "--queries", "1000", "--verifier", "nosuch"], {}),
    ("plan-run-missing", ["plan", "{tmp}/none", "--queries", "1000"], {}),
    ("plan-law-unknown", ["plan", "--law", "nosuch"], {}),
    ("plan-points-missing", ["plan", "--law", "chinchilla", "--points", "{tmp}/none.csv"], {}),
    ("report-queries-inf", ["report", "{run}", "--queries", "inf"], {}),
    ("report-queries-nan", ["report", "{run}", "--queries", "nan"], {}),
    ("report-queries-negative", ["report", "{run}", "--queries", "-1"], {}),
    ("report-volume-inf", ["report", "{run}", "--volume", "inf"], {}),
    ("report-volume-zero", ["report", "{run}", "--volume", "0"], {}),
    ("report-examples-negative", ["report", "{run}", "--examples", "-1"], {}),
    ("report-target-nan", ["report", "{run}", "--target-accuracy", "nan"], {}),
    ("report-budget-inf", ["report", "{run}", "--budget", "inf"], {}),
    ("report-hardware-unknown", ["report", "{run}", "--hardware", "quantum"], {}),
    ("report-prices-missing", ["report", "{run}", "--prices", "{tmp}/none.yaml"], {}),
    ("report-out-is-file", ["report", "{run}", "--out", "{tmp}/f"], {"f": "x"}),
    ("report-run-missing", ["report", "{tmp}/none"], {}),
    ("fit-points-missing", ["fit", "--points", "{tmp}/none.csv"], {}),
    ("fit-points-not-utf8", ["fit", "--points", "{tmp}/p.csv"], {"p.csv": b"N,D,loss\n1,2,\xff\n"}),
    ("fit-points-empty", ["fit", "--points", "{tmp}/p.csv"], {"p.csv": ""}),
    ("fit-points-short-row", ["fit", "--points", "{tmp}/p.csv"], {"p.csv": POINTS_BAD}),
    ("fit-points-text", ["fit", "--points", "{tmp}/p.csv"], {"p.csv": "N,D,loss\na,b,c\n"}),
    ("fit-points-nan", ["fit", "--points", "{tmp}/p.csv"], {"p.csv": "N,D,loss\n1e6,1e9,nan\n2e6,1e9,2\n"}),
    ("fit-no-input", ["fit"], {}),
    ("fit-law-unknown", ["fit", "--law", "nosuch", "--points", "{tmp}/p.csv"], {"p.csv": POINTS_BAD}),
    ("fit-bootstrap-negative", ["fit", "--points", "{tmp}/p.csv", "--bootstrap", "-1"], {"p.csv": POINTS_BAD}),
    ("fit-run-missing", ["fit", "--run", "{tmp}/none"], {}),
    ("import-missing-file", ["import", "{tmp}/none.jsonl", "--run", "{run}"], {}),
    (
        "import-format-unknown",
        ["import", "{tmp}/d.jsonl", "--run", "{run}", "--format", "nosuch"],
        {"d.jsonl": JSONL_GOOD},
    ),
    ("import-empty-dir", ["import", "{tmp}/empty", "--run", "{run}"], {"empty/.keep": ""}),
    ("import-not-utf8", ["import", "{tmp}/d.jsonl", "--run", "{run}"], {"d.jsonl": b"\xff\xfe\n"}),
    ("import-unknown-shape", ["import", "{tmp}/d.jsonl", "--run", "{run}"], {"d.jsonl": JSONL_GOOD}),
    ("import-task-unknown", ["import", "{tmp}/d.jsonl", "--run", "{run}", "--task", "nosuch"], {"d.jsonl": JSONL_GOOD}),
    ("import-pool-dotdot", ["import", "{tmp}/d.jsonl", "--run", "{run}", "--pool", ".."], {"d.jsonl": JSONL_GOOD}),
    ("train-examples-negative", ["train", "--out", "{tmp}/out", "--examples", "-1"], {}),
    ("train-examples-zero", ["train", "--out", "{tmp}/out", "--examples", "0"], {}),
    ("train-steps-zero", ["train", "--out", "{tmp}/out", "--steps", "0"], {}),
    ("train-rank-zero", ["train", "--out", "{tmp}/out", "--rank", "0"], {}),
    ("train-lr-inf", ["train", "--out", "{tmp}/out", "--lr", "inf"], {}),
    ("train-lr-nan", ["train", "--out", "{tmp}/out", "--lr", "nan"], {}),
    ("train-dropout-high", ["train", "--out", "{tmp}/out", "--dropout", "2"], {}),
    ("train-batch-size-zero", ["train", "--out", "{tmp}/out", "--batch-size", "0"], {}),
    ("train-task-unknown", ["train", "--out", "{tmp}/out", "--task", "nosuch"], {}),
    ("train-task-option", ["train", "--out", "{tmp}/out", "--task-option", "bogus=1"], {}),
    ("train-out-is-file", ["train", "--out", "{tmp}/f"], {"f": "x"}),
    ("train-data-run-missing", ["train", "--out", "{tmp}/out", "--data-run", "{tmp}/none", "--data-pool", "p"], {}),
    ("synth-examples-negative", ["synth", "--run", "{run}", "--teacher-backend", "mock", "--examples", "-1"], {}),
    ("synth-n-zero", ["synth", "--run", "{run}", "--teacher-backend", "mock", "-n", "0"], {}),
    ("synth-max-tokens-zero", ["synth", "--run", "{run}", "--teacher-backend", "mock", "--max-tokens", "0"], {}),
    ("synth-temperature-negative", ["synth", "--run", "{run}", "--teacher-backend", "mock", "--temperature", "-1"], {}),
    ("synth-backend-unknown", ["synth", "--run", "{run}", "--teacher-backend", "nosuch"], {}),
    ("synth-option-unknown", ["synth", "--run", "{run}", "--teacher-backend", "mock", "--teacher-option", "x=1"], {}),
    ("synth-task-unknown", ["synth", "--run", "{run}", "--teacher-backend", "mock", "--task", "nosuch"], {}),
    ("synth-pool-dotdot", ["synth", "--run", "{run}", "--teacher-backend", "mock", "--pool", ".."], {}),
    ("search-strategy-unknown", ["search", "--run", "{run}", "--backend", "mock", "--strategy", "mcts"], {}),
    (
        "search-budgets-text",
        ["search", "--run", "{run}", "--backend", "mock", "--strategy", "beam", "--budgets", "a"],
        {},
    ),
    (
        "search-budgets-zero",
        ["search", "--run", "{run}", "--backend", "mock", "--strategy", "beam", "--budgets", "0"],
        {},
    ),
    (
        "search-budgets-negative",
        ["search", "--run", "{run}", "--backend", "mock", "--strategy", "beam", "--budgets", "-2"],
        {},
    ),
    (
        "search-beam-width-zero",
        ["search", "--run", "{run}", "--backend", "mock", "--strategy", "beam", "--budgets", "4", "--beam-width", "0"],
        {},
    ),
    ("search-name-dotdot", ["search", "--run", "{run}", "--backend", "mock", "--strategy", "beam", "--name", ".."], {}),
    ("search-backend-unknown", ["search", "--run", "{run}", "--backend", "nosuch", "--strategy", "beam"], {}),
    (
        "search-step-verifier",
        [
            "search",
            "--run",
            "{run}",
            "--backend",
            "mock",
            "--strategy",
            "beam",
            "--budgets",
            "4",
            "--step-verifier",
            "nosuch",
        ],
        {},
    ),
    ("search-limit-zero", ["search", "--run", "{run}", "--backend", "mock", "--strategy", "beam", "--limit", "0"], {}),
    ("search-config-missing", ["search", "--run", "{run}", "--config", "{tmp}/none.yaml"], {}),
    ("search-config-list", ["search", "--run", "{run}", "--config", "{tmp}/c.yaml"], {"c.yaml": "- 1\n"}),
    (
        "search-option-unknown",
        [
            "search",
            "--run",
            "{run}",
            "--backend",
            "mock",
            "--strategy",
            "beam",
            "--budgets",
            "4",
            "--backend-option",
            "bogus=1",
        ],
        {},
    ),
    ("validate-missing", ["validate", "{tmp}/none.yaml"], {}),
    ("validate-dir", ["validate", "{tmp}/d"], {"d/.keep": ""}),
    ("validate-data-not-utf8", ["validate", "{tmp}/d.jsonl"], {"d.jsonl": b'{"question": "\xff", "answer": "1"}\n'}),
    ("validate-data-empty", ["validate", "{tmp}/d.jsonl"], {"d.jsonl": "\n\n"}),
    (
        "validate-data-duplicates",
        ["validate", "{tmp}/d.jsonl", "--task-option", "id_field=id"],
        {"d.jsonl": '{"id": 1, "question": "a", "answer": "1"}\n{"id": 1, "question": "b", "answer": "2"}\n'},
    ),
    ("validate-data-question-number", ["validate", "{tmp}/d.jsonl"], {"d.jsonl": '{"question": 1, "answer": "1"}\n'}),
    ("validate-data-task-unknown", ["validate", "{tmp}/d.jsonl", "--task", "nosuch"], {"d.jsonl": JSONL_GOOD}),
    ("validate-pool-n-zero", ["validate", "{tmp}/p.yaml"], {"p.yaml": "backend: mock\nn: 0\n"}),
    ("validate-pool-backend", ["validate", "{tmp}/p.yaml"], {"p.yaml": "backend: nosuch\n"}),
    ("validate-pool-option", ["validate", "{tmp}/p.yaml"], {"p.yaml": "backend: mock\nbackend_options: {x: 1}\n"}),
    ("validate-pool-not-utf8", ["validate", "{tmp}/p.yaml"], {"p.yaml": b"backend: \xff\n"}),
    ("validate-pool-bomb", ["validate", "{tmp}/p.yaml"], {"p.yaml": BOMB}),
    ("run-missing", ["run", "{tmp}/none.yaml"], {}),
    ("run-limit-zero", ["run", "{tmp}/s.yaml", "--limit", "0"], {"s.yaml": spec("name", "catalogue")}),
    ("run-executor-unknown", ["run", "{tmp}/s.yaml", "--executor", "nosuch"], {"s.yaml": spec("name", "catalogue")}),
    ("run-dry-bad-budget", ["run", "{tmp}/s.yaml", "--dry-run"], {"s.yaml": spec("strategies.1.budgets", [0])}),
    ("global-wait-negative", ["--wait", "-1", "show", "{run}"], {}),
    ("unknown-command", ["smaple"], {}),
]

CASES: list[tuple[str, list[str], Files]] = [
    *CLI_CASES,
    *[(f"validate-spec-{name}", ["validate", "{tmp}/spec.yaml"], {"spec.yaml": text}) for name, text in SPEC_CASES],
    *[(f"run-spec-{name}", ["run", "{tmp}/spec.yaml"], {"spec.yaml": text}) for name, text in SPEC_CASES],
]


def fingerprint(run: Path) -> str:
    """Every file of ``run`` (name and bytes; SQLite's transient -wal/-shm aside) and the ledger's SQL dump."""
    digest = hashlib.sha256()
    for path in sorted(run.rglob("*")):
        if path.is_file() and not path.name.endswith(("-wal", "-shm")):
            digest.update(str(path.relative_to(run)).encode() + b"\0" + path.read_bytes())
    with sqlite3.connect(f"file:{run / 'ledger.sqlite'}?mode=ro", uri=True) as db:
        digest.update("\n".join(db.iterdump()).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalogue") / "run"
    common = ["sample", "--run", str(root), "--backend", "mock", "--model", "mock", "--limit", "6"]
    assert main([*common, "--pool", "greedy"]) == 0
    assert main([*common, "--pool", "sampled", "--temperature", "0.7", "-n", "4"]) == 0
    return root


def fill(text: str, run: Path, tmp: Path) -> str:
    return text.replace("{run}", str(run)).replace("{tmp}", str(tmp))


def test_the_catalogue_is_large_and_unique() -> None:
    assert len(CASES) >= 150 and len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("argv", "files"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_a_bad_input_is_one_line_exit_2_and_changes_nothing(
    argv: list[str], files: Files, run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(fill(content, run, tmp_path))
    before = fingerprint(run)
    capsys.readouterr()
    code = main([fill(a, run, tmp_path) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err
    assert code == 2, f"exit {code}; stdout: {out[-300:]!r}; stderr: {err!r}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert fingerprint(run) == before
