"""The sdg_hub route: a missing extra names it; a flow's rows become a scored teacher pool (sdg_hub and pandas
are faked with ten-line stand-ins: the route's own plumbing is what is tested)."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tradeoff.errors import BackendError, MissingDependencyError
from tradeoff.run.ops import open_ledger
from tradeoff.synth.sdg_hub import FlowOptions, run_flow
from tradeoff.tasks import get_task
from tradeoff.train.from_pool import pool_training_data


class Frame:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def to_dict(self, orient: str) -> list[dict[str, Any]]:
        assert orient == "records"
        return self.records


class Flow:
    """Answers every question correctly except every third one; fails when asked to."""

    seen: ClassVar[list[str]] = []
    fail: ClassVar[bool] = False

    @classmethod
    def from_yaml(cls, path: str) -> Flow:
        return cls()

    def set_model_config(self, **config: Any) -> None:
        assert config["model"] == "openai/teacher"

    def generate(self, frame: Frame) -> Frame:
        if Flow.fail:
            raise RuntimeError("litellm.RateLimitError: slow down")
        golds = {p.id: p.answer for p in get_task("arithmetic").problems("train", limit=50)}
        Flow.seen += [r["id"] for r in frame.records]
        return Frame([{**r, "response": f"The answer is {golds[r['id']] if i % 3 else -1}."}
                      for i, r in enumerate(frame.records)])  # fmt: skip


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setitem(sys.modules, "sdg_hub", types.SimpleNamespace(Flow=Flow))
    monkeypatch.setitem(sys.modules, "pandas", types.SimpleNamespace(DataFrame=Frame))
    Flow.seen, Flow.fail = [], False
    flow = tmp_path / "flow.yaml"
    flow.write_text("metadata: {name: math}\n")
    return flow


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "sdg_hub", None)
    with pytest.raises(MissingDependencyError, match=r"tradeoff\[sdg\]"):
        run_flow(tmp_path / "flow.yaml", tmp_path, pool="sdg")


def test_a_flows_rows_become_a_scored_pool_that_trains_and_resumes(fakes: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    assert run_flow(fakes, run, pool="sdg", examples=6, options=FlowOptions(model="openai/teacher")) == 6
    with open_ledger(run) as ledger:
        correct = [s.score.correct for s in ledger.samples("sdg", scorer="arithmetic") if s.score is not None]
    assert correct == [False, True, True, False, True, True]
    data = pool_training_data(run, "sdg", student="s")
    assert data.record["accepted"] == 4 and data.record["teacher"]["backend"] == "sdg_hub"
    assert (
        run_flow(fakes, run, pool="sdg", examples=9, options=FlowOptions(model="openai/teacher")) == 3
    )  # only the new problems
    assert len(Flow.seen) == 9 == len(set(Flow.seen))


def test_a_failing_flow_is_a_one_line_backend_error(fakes: Path, tmp_path: Path) -> None:
    Flow.fail = True
    with pytest.raises(BackendError, match=r"^sdg_hub flow flow.yaml failed: litellm.RateLimitError: slow down$"):
        run_flow(fakes, tmp_path, pool="sdg", examples=3, options=FlowOptions(model="openai/teacher"))


def test_flow_options_never_print_the_api_key() -> None:
    assert "sk-secret" not in repr(FlowOptions(model="openai/teacher", api_key="sk-secret"))
