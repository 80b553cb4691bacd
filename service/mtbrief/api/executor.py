"""Concurrency primitives of the service.

:class:`BoundedExecutor` is a thread pool with a bounded backlog: submitting beyond the bound
fails at once (-> 503).
``concurrent.futures.ThreadPoolExecutor`` queues without limit, which under load turns into
unbounded memory and latency; this wrapper counts work that is queued or running and refuses more.
The count drops when the work *finishes*, not when a caller stops waiting, so timed-out requests
still hold their slot until their thread is free again.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from .errors import QueueFullError

T = TypeVar("T")


class BoundedExecutor:
    """``submit`` raises :class:`QueueFullError` when ``limit`` tasks are queued or running."""

    def __init__(self, threads: int, limit: int, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._limit = limit
        self._lock = threading.Lock()
        self._count = 0
        self.name = name

    @property
    def depth(self) -> int:
        """Tasks queued or running."""
        return self._count

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        with self._lock:
            if self._count >= self._limit:
                raise QueueFullError(self.name)
            self._count += 1
        try:
            future = self._pool.submit(fn, *args, **kwargs)
        except BaseException:
            self._release(None)
            raise
        future.add_done_callback(self._release)
        return future

    def _release(self, _future: object) -> None:
        with self._lock:
            self._count -= 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class ModelGate:
    """One model call at a time, with interactive requests ahead of background jobs.

    The micro-batcher takes the gate *before* it picks a batch, so requests that arrive while a
    job batch (or the warm-up) runs join the next batch, and a request that timed out meanwhile
    never reaches the model.  Job workers step aside while requests are waiting.  A plain
    ``threading.Lock`` polled from the event loop: no thread is ever parked holding it for a
    cancelled coroutine.
    """

    def __init__(self, poll_s: float = 0.005) -> None:
        self._lock = threading.Lock()
        self._poll_s = poll_s

    async def acquire(self) -> None:
        """For the event loop: wait (without blocking it) until the model is free."""
        while not self._lock.acquire(blocking=False):
            await asyncio.sleep(self._poll_s)

    def release(self) -> None:
        self._lock.release()

    @contextmanager
    def for_jobs(self, requests_waiting: Callable[[], int]) -> Iterator[None]:
        """For threads: hold the model, first letting waiting requests go ahead."""
        while True:
            while requests_waiting() > 0:
                time.sleep(self._poll_s * 2)
            if self._lock.acquire(timeout=0.05):
                break
        try:
            yield
        finally:
            self._lock.release()
