"""Coalesce requests that arrive concurrently into backend batches, as a serving engine does.

Clients such as its_hub send one request per sample, concurrently. A :class:`RequestBatcher` owns one
worker thread (the only thread that calls the backend, so backends need not be thread-safe): it takes the
first waiting request, waits up to ``window`` seconds for more, and sends up to ``backend.batch_size``
samples (at least one whole request) in one ``generate`` call. Each submitter gets a future of its own
request's generations; a failed call fails every future of its batch with the backend's error.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future

from tradeoff.backends.base import Backend
from tradeoff.types import Generation, GenerationRequest

_Item = tuple[GenerationRequest, "Future[list[Generation]]"]


class RequestBatcher:
    def __init__(self, backend: Backend, *, window: float = 0.01) -> None:
        self.backend, self.window = backend, float(window)
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.calls: list[int] = []  # samples per backend call, for tests and reports

    def submit(self, request: GenerationRequest) -> Future[list[Generation]]:
        """Queue ``request``; the future resolves to its generations, in the order of its sample indices."""
        future: Future[list[Generation]] = Future()
        with self._lock:  # the worker starts on first use: no thread for a batcher never used
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="tradeoff-batcher", daemon=True)
                self._thread.start()
        self._queue.put((request, future))
        return future

    def close(self) -> None:
        """Finish what is queued, then stop the worker. Safe to call twice."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        carried: _Item | None = None
        while True:
            first = carried if carried is not None else self._queue.get()
            carried = None
            if first is None:
                return
            batch, rows, stopping = [first], first[0].n, False
            deadline = time.monotonic() + self.window
            while rows < self.backend.batch_size:
                try:
                    item = self._queue.get(timeout=max(deadline - time.monotonic(), 0.0))
                except queue.Empty:
                    break
                if item is None:
                    stopping = True
                    break
                if rows + item[0].n > self.backend.batch_size:
                    carried = item
                    break
                batch.append(item)
                rows += item[0].n
            self._call(batch)
            if stopping:
                return

    def _call(self, batch: list[_Item]) -> None:
        self.calls.append(sum(request.n for request, _ in batch))
        try:
            results = self.backend.generate([request for request, _ in batch])
        except BaseException as exc:  # every waiting client hears of the failure
            for _, future in batch:
                future.set_exception(exc)
            return
        for (_, future), generations in zip(batch, results, strict=True):
            future.set_result(generations)
