"""The Ray executor: pool generation sharded across backend replicas (Ray actors), training as Ray tasks.

:class:`RayBackend` is a :class:`~tradeoff.backends.Backend` whose ``generate`` splits a batch of requests
into one contiguous shard per replica, runs the shards in parallel and returns the generations in request
order. Its ``identity`` is the replicas' own, so sample keys — and, for seeded engines, the samples
themselves, since each sample's seed derives from (pool seed, prompt, index) — are those of a local run.
The driver's :func:`~tradeoff.pools.sample.sample_pool` commits each batch to the one ledger: nothing is merged
after the fact, so nothing can be lost or duplicated. Each replica asks Ray for ``gpus_per_worker`` GPUs
(1 when the cluster has GPUs, else 0) and one CPU; a training job asks for one GPU when there is one.

For vLLM on a cluster, each replica is a whole vLLM engine (tensor parallelism inside it via the vllm
backend's own options); Ray Data's ``build_llm_processor`` fits offline jobs without per-sample seeds and
resumption, which the ledger needs, so tradeoff shards at the request level instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from tradeoff.backends.variant import ModelVariant
from tradeoff.registry import require
from tradeoff.types import Generation, GenerationRequest

T = TypeVar("T")


class _Replica:
    """One engine inside a Ray actor."""

    def __init__(self, variant: ModelVariant) -> None:
        self.engine = variant.build()

    def describe(self) -> tuple[str, int]:
        return self.engine.identity, self.engine.batch_size

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        return self.engine.generate(requests)

    def close(self) -> None:
        self.engine.close()


def shards(requests: Sequence[GenerationRequest], parts: int) -> list[list[GenerationRequest]]:
    """Contiguous groups of whole requests with about equal sample counts (some may be empty)."""
    total = sum(r.n for r in requests)
    out: list[list[GenerationRequest]] = [[] for _ in range(parts)]
    seen = 0
    for request in requests:
        out[min(parts - 1, seen * parts // max(total, 1))].append(request)
        seen += request.n
    return out


class RayBackend:
    def __init__(self, ray: Any, replicas: list[Any], *, name: str) -> None:
        self._ray, self._replicas = ray, replicas
        described = ray.get([r.describe.remote() for r in replicas])
        identities = {identity for identity, _ in described}
        if len(identities) != 1:
            raise RuntimeError(f"Ray replicas disagree on the model they serve: {sorted(identities)}")
        self._identity = identities.pop()
        self.batch_size = sum(size for _, size in described)
        self.name = name

    @property
    def identity(self) -> str:
        return self._identity

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        work = [
            (replica, group)
            for replica, group in zip(self._replicas, shards(requests, len(self._replicas)), strict=True)
            if group
        ]
        results = self._ray.get([replica.generate.remote(group) for replica, group in work])
        return [generations for shard in results for generations in shard]

    def close(self) -> None:
        replicas, self._replicas = self._replicas, []
        for replica in replicas:
            try:
                self._ray.get(replica.close.remote())
            finally:
                self._ray.kill(replica)


class RayExecutor:
    name = "ray"

    def __init__(self, *, address: str | None = None, workers: int | None = None) -> None:
        self.ray = require("ray", "ray")
        if not self.ray.is_initialized():
            self.ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
        resources = self.ray.cluster_resources()
        self.gpus = float(resources.get("GPU", 0.0))
        self.workers = workers or max(1, int(self.gpus) or int(resources.get("CPU", 1)))

    def backend(self, variant: ModelVariant) -> RayBackend:
        actor = self.ray.remote(num_cpus=1, num_gpus=1 if self.gpus else 0)(_Replica)
        replicas = [actor.remote(variant) for _ in range(self.workers)]
        return RayBackend(self.ray, replicas, name=f"ray×{self.workers}:{variant.backend}")

    def call(self, fn: Callable[..., T], *args: Any, gpus: float = 0.0) -> T:
        task = self.ray.remote(num_cpus=1, num_gpus=gpus if self.gpus else 0)(fn)
        return self.ray.get(task.remote(*args))

    def close(self) -> None:
        return None  # a cluster started elsewhere stays up; a local one ends with this process


__all__ = ["RayBackend", "RayExecutor", "shards"]
