"""Points files: CSV and JSON, recognised or mapped columns per law, and every bad row named."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tradeoff.errors import ConfigError, DataError
from tradeoff.laws.tables import read_points


def csv_file(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_csv_with_compute_gives_tokens(tmp_path: Path) -> None:
    table = read_points(
        csv_file(tmp_path / "p.csv", "Model Size,Training FLOP,loss\n1e9,6e19,3.0\n2e9,2.4e20,2.8\n"), "chinchilla"
    )
    assert table.values["D"] == pytest.approx([1e10, 2e10]) and "C" not in table.values and len(table) == 2


def test_json_rows_for_the_pass_law_and_a_column_mapping(tmp_path: Path) -> None:
    rows = [{"n": 1e9, "d": 2e10, "samples": 4, "solved": 0.5}, {"n": 2e9, "d": 2e10, "samples": 8, "solved": 0.7}]
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"points": rows}))
    table = read_points(path, "t2-pass", columns={"N": "n", "D": "d", "k": "samples", "pass": "solved"})
    assert table.values["pass"] == pytest.approx([0.5, 0.7]) and table.values["k"] == pytest.approx([4, 8])


def test_inference_points_keep_their_strategy_names(tmp_path: Path) -> None:
    text = "size,strategy,flops,accuracy\n1e9,greedy,6e11,0.3\n1e9,majority@4,2.4e12,0.4\n"
    table = read_points(csv_file(tmp_path / "i.csv", text), "inference-scaling")
    assert list(table.strategies if table.strategies is not None else []) == ["greedy", "majority@4"]
    assert np.all(table.values["N"] == 1e9)


@pytest.mark.parametrize(
    ("law", "text", "message"),
    [
        ("chinchilla", "N,D,loss\n1e9,1e10,3\n1e9,0,3\n", "p.csv:3: D must be positive, got 0; fix or drop this row"),
        ("chinchilla", "N,C,loss\n-1e9,1e10,3\n", "p.csv:2: N must be positive"),
        ("t2", "N,D,k,loss\n1e9,1e10,0.5,3\n", "p.csv:2: k must be at least 1, got 0.5"),
        ("coverage", "k,coverage\n1,1.2\n", "p.csv:2: coverage must lie in [0, 1], got 1.2"),
        ("chinchilla", "N,D,loss\n1e9,ten,3\n", "p.csv:2: D = 'ten' is not a number"),
        (
            "t2",
            "N,D,loss\n1e9,1e10,3\n",
            "no column for k; its columns are ['N', 'D', 'loss']; map them with --columns",
        ),
        ("chinchilla", "N,D,loss\n", "no data rows"),
    ],
)
def test_bad_rows_and_columns_are_named(tmp_path: Path, law: str, text: str, message: str) -> None:
    with pytest.raises(DataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_points(csv_file(tmp_path / "p.csv", text), law)  # type: ignore[arg-type]


def test_a_role_the_law_does_not_have_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown column role\(s\) \['k'\] for chinchilla"):
        read_points(csv_file(tmp_path / "p.csv", "N,D,loss\n1e9,1e10,3\n"), "chinchilla", columns={"k": "N"})
    with pytest.raises(DataError, match="point 2: loss = None is not a number"):
        path = tmp_path / "p.json"
        path.write_text(json.dumps([{"N": 1, "D": 1, "loss": 3}, {"N": 1, "D": 1}]))
        read_points(path, "chinchilla")
