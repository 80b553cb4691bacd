"""Micro-batching for ``POST /v1/brief``: concurrent requests share one ``brief_many`` call.

While the model is busy with one batch, new requests wait in a bounded queue; when it is free,
the batcher takes every waiting request with the same options (up to ``max_batch``) into the next
call.  An idle server therefore adds only ``wait_s`` (a few milliseconds, to catch requests that
arrive together) to a single request, and a busy one turns N requests into one batched call.
Generation runs on a worker thread, never on the event loop, and only while the batcher holds
the model gate (shared with job workers and the warm-up).  A request whose caller gave
up (timeout, disconnect) is dropped before its batch starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..brief.result import BriefResult
from .errors import QueueFullError
from .executor import ModelGate
from .metrics import Metrics

log = logging.getLogger("mtbrief.api")

RunBatch = Callable[[Any, Sequence[str], dict[str, Any]], Awaitable[list[BriefResult]]]


@dataclass
class BatchInfo:
    """How a request was served: the size of its model call and its time in the queue."""

    batch_size: int
    queue_wait_s: float
    generation_s: float


@dataclass
class _Item:
    briefer: Any
    text: str
    key: str
    options: dict[str, Any]
    future: asyncio.Future[tuple[BriefResult, BatchInfo]]
    enqueued: float = field(default_factory=time.perf_counter)


def options_key(options: dict[str, Any]) -> str:
    """Requests are batched together only when all their options (and briefer) are equal."""
    return json.dumps(options, sort_keys=True, default=str)


class MicroBatcher:
    """Collects brief requests and runs them in batches through ``run_batch``."""

    def __init__(
        self,
        run_batch: RunBatch,
        *,
        gate: ModelGate,
        max_batch: int,
        wait_s: float,
        limit: int,
        metrics: Metrics,
    ) -> None:
        self._run_batch = run_batch
        self._gate = gate
        self._max_batch = max(1, max_batch)
        self._wait_s = max(0.0, wait_s)
        self._limit = max(1, limit)
        self._metrics = metrics
        self._queue: deque[_Item] = deque()
        self._inflight = 0
        self._wakeup: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def depth(self) -> int:
        """Requests waiting or being generated."""
        return len(self._queue) + self._inflight

    def _gauge(self) -> None:
        self._metrics.queue_depth.labels("brief").set(self.depth)

    def start(self) -> None:
        self._wakeup = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="brief-batcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for item in self._queue:
            if not item.future.done():
                item.future.cancel()
        self._queue.clear()

    async def submit(
        self, briefer: Any, text: str, options: dict[str, Any]
    ) -> tuple[BriefResult, BatchInfo]:
        """Queue one request for ``briefer`` and wait for its result.

        Raises :class:`QueueFullError` when the queue is full.
        """
        if self._wakeup is None:
            raise RuntimeError("batcher not started")
        if self.depth >= self._limit:
            self._metrics.rejected.labels("brief").inc()
            raise QueueFullError("brief")
        future: asyncio.Future[tuple[BriefResult, BatchInfo]] = (
            asyncio.get_running_loop().create_future()
        )
        key = f"{id(briefer)}:{options_key(options)}"
        self._queue.append(_Item(briefer, text, key, options, future))
        self._gauge()
        self._wakeup.set()
        return await future

    def _take(self) -> list[_Item]:
        """The oldest live request and every live request with the same options, in order."""
        while self._queue and self._queue[0].future.done():
            self._queue.popleft()
        if not self._queue:
            return []
        key = self._queue[0].key
        batch: list[_Item] = []
        rest: deque[_Item] = deque()
        while self._queue:
            item = self._queue.popleft()
            if item.future.done():
                continue
            if item.key == key and len(batch) < self._max_batch:
                batch.append(item)
            else:
                rest.append(item)
        self._queue = rest
        return batch

    async def _loop(self) -> None:
        assert self._wakeup is not None
        while True:
            await self._wakeup.wait()
            if self._wait_s and len(self._queue) < self._max_batch:
                await asyncio.sleep(self._wait_s)
            await self._gate.acquire()  # requests keep arriving while the model is busy
            try:
                batch = self._take()
                if not self._queue:
                    self._wakeup.clear()
                if not batch:
                    self._gauge()
                    continue
                self._inflight = len(batch)
                self._gauge()
                try:
                    await self._serve(batch)
                except Exception:  # the loop must survive anything one batch does
                    log.exception("brief batch failed")
                finally:
                    self._inflight = 0
                    self._gauge()
            finally:
                self._gate.release()

    async def _serve(self, batch: list[_Item]) -> None:
        started = time.perf_counter()
        texts = [item.text for item in batch]
        try:
            results = await self._run_batch(batch[0].briefer, texts, batch[0].options)
            if len(results) != len(batch):
                raise RuntimeError(f"brief_many returned {len(results)} results for {len(batch)}")
        except Exception as exc:
            if len(batch) == 1:
                if not batch[0].future.done():
                    batch[0].future.set_exception(exc)
                return
            # One bad document must not fail its neighbours: serve them one by one.
            log.info("batch of %d failed (%s); retrying one by one", len(batch), type(exc).__name__)
            for item in batch:
                if not item.future.done():
                    await self._serve([item])
            return
        elapsed = time.perf_counter() - started
        for item, result in zip(batch, results, strict=True):
            if not item.future.done():
                info = BatchInfo(len(batch), started - item.enqueued, elapsed)
                item.future.set_result((result, info))
