"""A thread pool with a bounded backlog: submitting beyond the bound fails at once (-> 503).

``concurrent.futures.ThreadPoolExecutor`` queues without limit, which under load turns into
unbounded memory and latency; this wrapper counts work that is queued or running and refuses more.
The count drops when the work *finishes*, not when a caller stops waiting, so timed-out requests
still hold their slot until their thread is free again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
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
