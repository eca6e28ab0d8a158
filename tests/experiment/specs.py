"""Small experiment specs on the mock backend, written as YAML text (the form users write)."""

from __future__ import annotations

from pathlib import Path

import yaml

MOCK = """\
name: mockgrid
run_dir: {run}
tasks:
  - name: arithmetic
    options: {{seed: 0}}
    limit: 12
models:
  - name: small
    backend: mock
    model: mock-small
    options: {{accuracy: 0.4}}
  - name: large
    backend: mock
    model: mock-large
    options: {{accuracy: 0.7}}
sampling: {{temperature: 0.7, max_tokens: 64, seed: 0}}
strategies:
  - name: greedy
  - name: majority
    budgets: [1, 2, 4]
  - name: best_of
    budgets: [2, 4]
    verifier: self_certainty
cost:
  hardware: cpu-core
  queries: [1000, 1000000]
"""


def write(tmp_path: Path, text: str = MOCK, *, name: str = "spec.yaml", **updates: object) -> Path:
    """Write the mock spec (with ``run_dir`` under ``tmp_path``), applying top-level ``updates``."""
    data = yaml.safe_load(text.format(run=tmp_path / "run"))
    data.update(updates)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path
