"""One typed job per stage kind: ``train`` (LoRA), ``data`` / ``pool`` / ``search`` (generate with a model
variant's engine), ``verify`` (a verifier's scores), and the finals over the run's one handle: ``curves``,
``difficulty``, ``plan`` (one per query volume) and ``report``."""

from tradeoff.experiment.jobs.finals import CurvesJob, DifficultyJob, PlanJob, ReportJob
from tradeoff.experiment.jobs.generate import DataJob, PoolJob, SearchJob
from tradeoff.experiment.jobs.train import TrainJob
from tradeoff.experiment.jobs.verify import VerifyJob

__all__ = [
    "CurvesJob", "DataJob", "DifficultyJob", "PlanJob", "PoolJob", "ReportJob", "SearchJob", "TrainJob", "VerifyJob",
]  # fmt: skip
