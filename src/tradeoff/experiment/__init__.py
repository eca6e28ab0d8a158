"""Experiments: one YAML grid — tasks × model variants (base and LoRA-trained) × strategies × budgets ×
verifiers × query volumes — expanded into content-keyed stages and run locally or on Ray.

``load_spec`` reads and checks a spec (errors point at the YAML line); ``expand`` lists its stages;
``dry_run`` estimates them; ``run_experiment`` runs what is not done yet.
"""

from __future__ import annotations

from pathlib import Path

from tradeoff.experiment.estimate import StageEstimate, dry_run
from tradeoff.experiment.preflight import preflight
from tradeoff.experiment.runner import RunResult, run_experiment
from tradeoff.experiment.spec import ExperimentSpec
from tradeoff.experiment.stage import Monitor, Outcome, Stage
from tradeoff.experiment.stages import expand, run_dir
from tradeoff.experiment.yaml_lines import load_model


def load_spec(path: str | Path) -> ExperimentSpec:
    """Parse an experiment spec; a mistake is a one-line ConfigError naming the file and line."""
    spec = load_model(Path(path), ExperimentSpec)
    preflight(spec, where=str(path))
    return spec


def is_experiment(data: object) -> bool:
    """Whether parsed YAML looks like an experiment spec (it has ``models:`` and ``strategies:``)."""
    return isinstance(data, dict) and "models" in data and "strategies" in data


__all__ = [
    "ExperimentSpec",
    "Monitor",
    "Outcome",
    "RunResult",
    "Stage",
    "StageEstimate",
    "dry_run",
    "expand",
    "is_experiment",
    "load_spec",
    "run_dir",
    "run_experiment",
]
