"""The local engine: one machine, ``workers`` processes, results handed back in input order.

Work is cut into chunks of ``batch_size`` records.  With one worker the chunks run in this
process; with more, a :class:`~concurrent.futures.ProcessPoolExecutor` (spawned processes, so no
state or threads leak in from the caller) whose workers warm up once - import the pipeline, load
the lexicons and the language detector - before their first chunk.  At most ``4 x workers``
chunks are in flight, so memory stays bounded on inputs of any length, and results are taken from
the head of the queue, so they come back in input order.

A worker that dies (killed, out of memory) stops the run with :class:`WorkerCrashedError`; what is
already written stays valid and a re-run resumes.  This module must never write files.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from ..errors import MtbriefError
from .plan import WorkItem
from .records import StageOptions, process_records

_STAGE: str = "clean"
_OPTIONS: StageOptions = StageOptions()
# One short and one long text: language detection takes a different path below 120 characters.
WARM_UP_TEXTS = (
    "Warm-up text for the pipeline.",
    "Warm-up text. Each worker loads the cleanup pipeline, the English lexicons and the language "
    "detector once, before its first record; other languages' lexicons load on first use.",
)


class WorkerCrashedError(MtbriefError, RuntimeError):
    """A worker process died; the output written so far is valid and a re-run resumes."""

    code = "worker_crashed"


def warm_up(stage: str, options: StageOptions) -> None:
    """Load what every record needs (pipeline, lexicons, language detector) before the first."""
    from ..cleanup.pipeline import clean

    for text in WARM_UP_TEXTS:
        clean(text)
    if stage == "brief":
        from .records import _brief_module

        _brief_module()


def _exit_with_parent() -> None:
    """Exit as soon as the parent dies (killed with SIGKILL, say): no orphans left running."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _init_worker(stage: str, options: StageOptions, threads: int) -> None:
    global _STAGE, _OPTIONS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _exit_with_parent()
    _STAGE, _OPTIONS = stage, options
    if stage == "brief":
        try:
            import torch

            torch.set_num_threads(threads)
        except ImportError:
            pass
    warm_up(stage, options)


def _work(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return process_records(records, _STAGE, _OPTIONS) if records else []


def _chunks(items: Iterable[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    """Chunks holding up to ``size`` records to process (ready items ride along, in order)."""
    chunk: list[WorkItem] = []
    todo = 0
    for item in items:
        chunk.append(item)
        if item.output is None:
            todo += 1
        if todo >= size:
            yield chunk
            chunk, todo = [], 0
    if chunk:
        yield chunk


def _fill(chunk: list[WorkItem], outputs: list[dict[str, Any]]) -> list[WorkItem]:
    it = iter(outputs)
    for item in chunk:
        if item.output is None:
            item.output = next(it)
    return chunk


def _todo(chunk: list[WorkItem]) -> list[dict[str, Any]]:
    return [item.entry.record for item in chunk if item.output is None]  # type: ignore[misc]


class LocalEngine:
    """Process work items on this machine with ``workers`` processes (1 = in this process)."""

    name = "local"

    def __init__(
        self,
        stage: str,
        options: StageOptions,
        workers: int = 1,
        batch_size: int = 16,
        in_process: bool | None = None,
    ) -> None:
        """``in_process`` (default: ``workers == 1``) runs the records in this process."""
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if in_process and workers > 1:
            raise ValueError("in_process needs workers=1")
        self.stage, self.options = stage, options
        self.workers, self.batch_size = workers, batch_size
        self.in_process = workers == 1 if in_process is None else in_process
        self._pool: ProcessPoolExecutor | None = None

    # -- a pool kept warm across runs (benchmarks, the API's job runner) ----------------------
    def __enter__(self) -> LocalEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start and warm up the workers now instead of at the first run."""
        if self.in_process:
            warm_up(self.stage, self.options)
        elif self._pool is None:
            self._pool = self._new_pool()
            # One no-op task per worker: each process starts and runs its warm-up initializer.
            for future in [self._pool.submit(_work, []) for _ in range(self.workers)]:
                future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _new_pool(self) -> ProcessPoolExecutor:
        threads = max(1, (os.cpu_count() or 1) // self.workers)
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.stage, self.options, threads),
        )

    # -- processing --------------------------------------------------------------------------
    def process(self, items: Iterable[WorkItem]) -> Iterator[list[WorkItem]]:
        """Yield chunks of items with ``output`` set, in input order."""
        if self.in_process:
            warm_up(self.stage, self.options)
            for chunk in _chunks(items, self.batch_size):
                todo = _todo(chunk)
                yield _fill(chunk, process_records(todo, self.stage, self.options) if todo else [])
            return
        yield from self._process_pool(items)

    def _process_pool(self, items: Iterable[WorkItem]) -> Iterator[list[WorkItem]]:
        owned = self._pool is None
        pool = self._new_pool() if owned else self._pool
        inflight: deque[tuple[list[WorkItem], Future]] = deque()
        chunks = _chunks(items, self.batch_size)
        try:
            while True:
                for chunk in islice(chunks, 4 * self.workers - len(inflight)):
                    todo = _todo(chunk)
                    if todo:
                        future = pool.submit(_work, todo)
                    else:
                        future = Future()
                        future.set_result([])
                    inflight.append((chunk, future))
                if not inflight:
                    break
                chunk, future = inflight.popleft()
                try:
                    yield _fill(chunk, future.result())
                except BrokenProcessPool as exc:
                    raise WorkerCrashedError(
                        "a worker process died (killed or out of memory); the output written so "
                        "far is valid: run the same command again to resume"
                    ) from exc
        except BaseException:
            _terminate(pool)
            if not owned:
                self._pool = None
            raise
        if owned:
            pool.shutdown(wait=True)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now (Ctrl-C, crash): queued chunks are dropped, running ones killed."""
    terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
