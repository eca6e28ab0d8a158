"""Pools: N samples per problem of a task × model variant, sampled once (resumable), scored, summarised."""

from tradeoff.pools.sample import PoolSpec, Progress, SampleReport, sample_pool
from tradeoff.pools.score import score_pool
from tradeoff.pools.summary import PoolSummary, summarize

__all__ = ["PoolSpec", "PoolSummary", "Progress", "SampleReport", "sample_pool", "score_pool", "summarize"]
