"""Search strategies: beam search, DVTS, REBASE, sequential revisions and adaptive self-consistency.

Each runs per problem and budget through a :class:`~tradeoff.backends.base.Backend` (and a step verifier),
records every node it generated with the tokens the backend reported, and stores its result in the run's
ledger. The library entry points: :class:`SearchSpec`, :func:`run_search`, :func:`search_points`.
"""

from tradeoff.search.base import Node, SearchCost, SearchOutcome, SearchStrategy
from tradeoff.search.runner import SearchPoint, SearchReport, run_search, search_points
from tradeoff.search.spec import SearchSpec

__all__ = [
    "Node",
    "SearchCost",
    "SearchOutcome",
    "SearchPoint",
    "SearchReport",
    "SearchSpec",
    "SearchStrategy",
    "run_search",
    "search_points",
]
