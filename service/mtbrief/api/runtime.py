"""Everything one app instance owns while it runs: settings, engines, queues, the job store, the
job workers and the readiness state.  Created by the app factory, started and stopped by its
lifespan, reached from routes through ``request.app.state.runtime``.

Blocking work goes to threads (cleanup to a bounded pool; generation to worker threads, one model
call at a time through the model gate); the event loop only awaits.  Every wait has the request
timeout.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..brief.result import BriefResult
from ..cleanup.pipeline import CleanResult
from ..config import Settings
from .batcher import BatchInfo, MicroBatcher
from .engines import Briefer, Cleaner
from .errors import ApiError
from .executor import BoundedExecutor, ModelGate
from .jobs_store import JobStore
from .metrics import Metrics
from .workers import JobWorkers

log = logging.getLogger("mtbrief.api")


def load_api_keys(settings: Settings) -> frozenset[str]:
    """Keys from ``Settings.api_keys`` plus one per line of ``api_keys_file`` (``#`` comments)."""
    keys = {k.strip() for k in settings.api_keys if k.strip()}
    if settings.api_keys_file is not None:
        text = Path(settings.api_keys_file).read_text(encoding="utf-8")
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                keys.add(line)
    return frozenset(keys)


class Readiness:
    """``starting`` until the warm-up generation passes (``ready``) or fails (``failed``)."""

    def __init__(self) -> None:
        self.state = "starting"
        self.error: str | None = None
        self.seconds: float | None = None
        self.model: str | None = None


class Runtime:
    """The running parts of one app (see module docstring)."""

    def __init__(
        self, settings: Settings, cleaner: Cleaner, briefer: Briefer, metrics: Metrics
    ) -> None:
        self.settings = settings
        self.cleaner = cleaner
        self.briefer = briefer
        self.metrics = metrics
        self.api_keys = load_api_keys(settings)
        self.readiness = Readiness()
        self.store: JobStore | None = None
        self.workers: JobWorkers | None = None
        self._stopping = threading.Event()
        self.warmup_thread: threading.Thread | None = None
        self._clean_pool = BoundedExecutor(
            max(1, settings.clean_threads), max(1, settings.queue_size), "clean"
        )
        # One model, one call at a time: the batcher, the job workers and the warm-up take turns
        # (the gate), and every call runs on the same thread.  Native thread pools (OpenMP in
        # CTranslate2 and torch) keep one team per calling thread; calls from ever-changing
        # threads leave idle teams spinning and made generation several times slower.
        self.gate = ModelGate()
        self._generation = BoundedExecutor(1, 64, "generation")
        self.batcher = MicroBatcher(
            self._run_batch,
            gate=self.gate,
            max_batch=settings.brief_max_batch,
            wait_s=settings.brief_batch_wait_ms / 1000.0,
            limit=settings.queue_size,
            metrics=metrics,
        )

    # -- lifecycle -----------------------------------------------------------------------
    async def start(self) -> None:
        self.store = await asyncio.to_thread(JobStore, self.settings.jobs_db)
        released = await asyncio.to_thread(self.store.recover)
        if released:
            log.info("resuming %d job documents claimed before the last shutdown", released)
        self.metrics.attach_job_store(self._job_counts, self._pending_documents)
        self.batcher.start()
        self.workers = JobWorkers(
            self.store,
            self.cleaner,
            self.generate_blocking,
            threads=self.settings.job_workers,
            batch_size=self.settings.job_batch_size,
            metrics=self.metrics,
        )
        self.workers.start()
        self.warmup_thread = threading.Thread(target=self._warmup, name="warmup", daemon=True)
        self.warmup_thread.start()

    async def stop(self) -> None:
        self._stopping.set()
        await self.batcher.stop()
        if self.workers is not None:
            await asyncio.to_thread(self.workers.stop)
        self._clean_pool.shutdown()
        self._generation.shutdown()

    def _warmup(self) -> None:
        started = time.perf_counter()
        try:
            # Cleanup's resources first (a cold /v1/clean that loads them itself takes several
            # seconds on 2 cores), then the model, with one real generation.
            self.cleaner.warmup()
            with self.gate.for_jobs(lambda: 0):
                self._generation.submit(self.briefer.warmup).result()
        except Exception as exc:
            if self._stopping.is_set():
                # the app stopped before the warm-up finished (its pools refuse new work)
                log.info("warm-up abandoned: the app is shutting down")
                return
            log.error("warm-up generation failed: %s", exc)
            self.readiness.state = "failed"
            self.readiness.error = type(exc).__name__
            return
        self.readiness.seconds = time.perf_counter() - started
        self.readiness.model = self.briefer.name
        self.readiness.state = "ready"
        log.info("model %s ready in %.1f s", self.briefer.name, self.readiness.seconds)

    def _job_counts(self) -> dict[str, int]:
        return self.store.status_counts() if self.store else {}

    def _pending_documents(self) -> int:
        return self.store.pending_documents() if self.store else 0

    # -- work ----------------------------------------------------------------------------
    async def _wait(self, awaitable: Any) -> Any:
        timeout = self.settings.request_timeout_s
        try:
            return await asyncio.wait_for(awaitable, timeout)
        except TimeoutError:
            raise ApiError(
                504, "timeout", f"the request did not finish within {timeout:g} s"
            ) from None

    async def clean(
        self,
        cleaner: Cleaner,
        text: str,
        *,
        lang: str | None,
        glossary: Mapping[str, str] | None,
        html: bool,
    ) -> tuple[CleanResult, float]:
        """Run cleanup on the clean pool; returns the result and its seconds."""

        def run() -> tuple[CleanResult, float]:
            started = time.perf_counter()
            result = cleaner(text, lang=lang, glossary=glossary, html=html)
            return result, time.perf_counter() - started

        future = self._clean_pool.submit(run)
        self.metrics.queue_depth.labels("clean").set(self._clean_pool.depth)
        try:
            return await self._wait(asyncio.wrap_future(future))
        finally:
            self.metrics.queue_depth.labels("clean").set(self._clean_pool.depth)

    async def brief(
        self, briefer: Briefer, text: str, options: dict[str, Any]
    ) -> tuple[BriefResult, BatchInfo]:
        """Queue one brief for the micro-batcher and wait for it."""
        return await self._wait(self.batcher.submit(briefer, text, options))

    def _generate(
        self, briefer: Briefer, texts: Sequence[str], options: dict[str, Any], source: str
    ) -> list[BriefResult]:
        started = time.perf_counter()
        results = briefer.brief_many(list(texts), **options)
        seconds = time.perf_counter() - started
        tokens = sum(int(r.timings.get("generated_tokens", 0)) for r in results)
        self.metrics.observe_generation(source, len(texts), seconds, tokens)
        return results

    async def _run_batch(
        self, briefer: Briefer, texts: Sequence[str], options: dict[str, Any]
    ) -> list[BriefResult]:
        """Called by the batcher with the model gate held: generate on the generation thread."""
        return await asyncio.wrap_future(
            self._generation.submit(self._generate, briefer, texts, options, "requests")
        )

    def generate_blocking(
        self, texts: Sequence[str], options: dict[str, Any]
    ) -> list[BriefResult]:
        """For job workers (threads): one model call, after any waiting /v1/brief requests."""
        with self.gate.for_jobs(lambda: self.batcher.depth):
            return self._generation.submit(
                self._generate, self.briefer, texts, options, "jobs"
            ).result()
