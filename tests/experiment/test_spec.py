"""An experiment spec is strict: unknown keys name the line and the closest key; cross-references are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeoff.errors import ConfigError
from tradeoff.experiment import expand, load_spec
from tradeoff.experiment.yaml_lines import line_map

from .specs import MOCK, write


def _lines(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    return path


def test_the_mock_spec_parses_and_expands(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path))
    assert spec.max_budget() == 4
    kinds = [s.kind for s in expand(spec)]
    # 2 variants × (greedy + sampled) pools, self-certainty on the 2 sampled pools, curves, 2 plans, report
    assert kinds == ["pool"] * 4 + ["verify"] * 2 + ["curves", "plan", "plan", "report"]


def test_an_unknown_key_names_its_line_and_the_closest_key(tmp_path: Path) -> None:
    text = MOCK.format(run=tmp_path / "run").replace("    budgets: [2, 4]\n", "    budgetz: [2, 4]\n")
    path = _lines(tmp_path, text)
    line = text.splitlines().index("    budgetz: [2, 4]") + 1
    with pytest.raises(
        ConfigError, match=rf"spec.yaml:{line}: unknown key 'strategies\[2\].budgetz'; did you mean 'budgets'"
    ):
        load_spec(path)


def test_an_unknown_top_level_key_suggests_the_closest(tmp_path: Path) -> None:
    path = _lines(tmp_path, MOCK.format(run=tmp_path / "run") + "stratgies: []\n")
    with pytest.raises(ConfigError, match=r"unknown key 'stratgies'; did you mean 'strategies'"):
        load_spec(path)


def test_a_bad_value_points_at_its_line(tmp_path: Path) -> None:
    text = MOCK.format(run=tmp_path / "run").replace("limit: 12", "limit: -3")
    line = text.splitlines().index("    limit: -3") + 1
    with pytest.raises(ConfigError, match=rf"spec.yaml:{line}: tasks\[0\].limit: Input should be greater than 0"):
        load_spec(_lines(tmp_path, text))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    verifier: self_certainty\n", "", r"best_of ranks samples by a verifier; add `verifier: self_certainty`"),
        ("  - name: greedy\n", "  - name: greedy\n    budgets: [2]\n", r"greedy decoding has no budget"),
        ("budgets: [1, 2, 4]", "budgets: []", r"strategy majority needs `budgets:`"),
        ("temperature: 0.7", "temperature: 0", r"sampling.temperature is 0"),
        ("queries: [1000, 1000000]", "queries: [0]", r"query volumes must be > 0"),
    ],
)
def test_contradictory_settings_are_refused_in_one_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = MOCK.format(run=tmp_path / "run")
    assert old in text
    with pytest.raises(ConfigError, match=message) as info:
        load_spec(_lines(tmp_path, text.replace(old, new)))
    assert "\n" not in str(info.value)


def test_training_must_name_a_model(tmp_path: Path) -> None:
    path = write(tmp_path, training=[{"name": "lora", "base": "nobody"}])
    with pytest.raises(ConfigError, match=r"base 'nobody' is not a model"):
        load_spec(path)


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = _lines(tmp_path, "name: x\ntasks: [\n  - a\n")
    with pytest.raises(ConfigError, match=r"spec.yaml:\d+: not valid YAML"):
        load_spec(path)


def test_line_map_records_nested_keys() -> None:
    lines = line_map("a:\n  b:\n    - c: 1\n    - d: 2\n")
    assert lines[("a", "b", 1, "d")] == 4
    assert lines[("a", "b", 0, "c")] == 3


def test_stage_keys_change_only_where_the_spec_changed(tmp_path: Path) -> None:
    base = {f"{s.kind}:{s.name}": s.key for s in expand(load_spec(write(tmp_path)))}
    grown = load_spec(write(tmp_path, name="b.yaml", cost={"hardware": "cpu-core", "queries": [1000, 1000000, 1e7]}))
    after = {f"{s.kind}:{s.name}": s.key for s in expand(grown)}
    changed = {k for k in base if after.get(k) != base[k]}
    assert changed == {"report:report"}  # pools, verifiers, curves and existing plans are untouched
    assert "plan:1e+07" in after
