"""Which configurations to price: the strategies × budgets × verifiers a user asked for.

A :class:`Selection` is what an experiment spec's ``strategies:`` (or ``tradeoff plan``'s options) asks for.
It answers one question for pricing: is this curve point (strategy, k, verifier) of this pool a
configuration the user asked for, and under which label? Budget 1 of any voting or ranking strategy is one
sample per query — the same configuration as ``sampled@1``, priced once under that label. ``pass`` (pass@k)
is an oracle ceiling and is never a deployable configuration.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tradeoff.errors import ConfigError
from tradeoff.strategies.records import VERIFIER_STRATEGIES, Strategy, label

DEPLOYABLE: tuple[Strategy, ...] = ("sampled", "majority", "weighted", "best_of")


@dataclass(frozen=True, slots=True, kw_only=True)
class Wanted:
    """One strategy at ``budgets`` (empty: every budget the pool supports), ranked by ``verifier`` where it
    needs one."""

    strategy: Strategy
    budgets: tuple[int, ...] = ()
    verifier: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """What to price. ``greedy``: price greedy pools (one configuration each, ``greedy``)."""

    wanted: tuple[Wanted, ...]
    greedy: bool = True

    @classmethod
    def every(cls, *, verifier: str | None = None) -> Selection:
        """Everything a run's pools support: sampled@1, majority@k and, with a verifier, weighted@k and
        best-of-k at every budget; greedy pools as greedy."""
        ranked = () if verifier is None else (Wanted(strategy="weighted", verifier=verifier),
                                              Wanted(strategy="best_of", verifier=verifier))  # fmt: skip
        return cls(wanted=(Wanted(strategy="sampled"), Wanted(strategy="majority"), *ranked))

    def verifiers(self) -> tuple[str, ...]:
        return tuple(sorted({w.verifier for w in self.wanted if w.verifier is not None}))

    def budgets(self) -> tuple[int, ...]:
        return tuple(sorted({k for w in self.wanted for k in w.budgets}))

    def label(self, strategy: Strategy, k: int, *, verifier: str | None, greedy_pool: bool) -> str | None:
        """The configuration label of a curve point, or ``None`` when it was not asked for."""
        if greedy_pool:
            return "greedy" if self.greedy and strategy == "sampled" else None
        if strategy not in DEPLOYABLE:
            return None
        if k == 1 or strategy == "sampled":
            # one sample per query is sampled@1 however it was asked; it comes from the verifier-free curves
            asked = any(_has(w, 1) for w in self.wanted) and verifier is None and strategy == "sampled"
            return label("sampled", 1) if asked else None
        uses = verifier if strategy in VERIFIER_STRATEGIES else None
        if uses != verifier:
            return None
        hit = any(w.strategy == strategy and w.verifier == uses and _has(w, k) for w in self.wanted)
        return label(strategy, k) if hit else None

    def describe(self) -> str:
        """The selection in words, for the output: ``greedy; majority@2,4; best-of@2,4 by self_certainty``."""
        parts = ["greedy"] if self.greedy else []
        for w in self.wanted:
            ks = ",".join(map(str, w.budgets)) if w.budgets else "every k"
            by = f" by {w.verifier}" if w.verifier else ""
            parts.append(f"{w.strategy}@{ks}{by}")
        return "; ".join(parts)


def selection_from(
    strategies: Sequence[Strategy] | None, *, ks: Sequence[int] | None = None, verifier: str | None = None
) -> Selection:
    """A command line's selection: ``strategies`` (default: every deployable one that applies — the ranked ones
    with a verifier — and greedy pools) at budgets ``ks`` (default: every budget a pool supports)."""
    budgets = tuple(ks or ())
    if strategies is None:
        every = Selection.every(verifier=verifier)
        return Selection(wanted=tuple(replace(w, budgets=budgets) for w in every.wanted), greedy=True)
    for name in strategies:
        if name in VERIFIER_STRATEGIES and verifier is None:
            raise ConfigError(f"strategy {name!r} ranks samples by a verifier; add --verifier self_certainty")
    wanted = tuple(
        Wanted(strategy=s, budgets=budgets, verifier=verifier if s in VERIFIER_STRATEGIES else None)
        for s in strategies
        if s in DEPLOYABLE
    )
    return Selection(wanted=wanted, greedy="greedy" in strategies)


def _has(wanted: Wanted, k: int) -> bool:
    return not wanted.budgets or k in wanted.budgets


def selection_of(entries: Iterable[tuple[str, Iterable[int], str | None]]) -> Selection:
    """A selection from ``(strategy, budgets, verifier)`` triples, as a spec's ``strategies:`` lists them."""
    wanted, greedy = [], False
    for name, budgets, verifier in entries:
        if name == "greedy":
            greedy = True
            continue
        wanted.append(Wanted(strategy=name, budgets=tuple(budgets), verifier=verifier))  # type: ignore[arg-type]
    return Selection(wanted=tuple(wanted), greedy=greedy)


__all__ = ["DEPLOYABLE", "Selection", "Wanted", "selection_from", "selection_of"]
