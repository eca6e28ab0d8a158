"""The ``verify`` stage: a verifier's score for every sample of a pool, stored in the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from tradeoff.experiment.stage import Context, Kind
from tradeoff.run.handle import VerifierChoice


@dataclass(frozen=True, slots=True)
class VerifyJob:
    kind: ClassVar[Kind] = "verify"

    pool: str
    verifier: VerifierChoice

    def run(self, ctx: Context) -> str:
        scored = ctx.run.verify(self.pool, self.verifier.build())
        return f"{scored} samples scored by {self.verifier.name}"


__all__ = ["VerifyJob"]
