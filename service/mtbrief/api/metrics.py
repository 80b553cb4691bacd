"""Prometheus metrics for one app instance (its own registry, so tests can build many apps).

Exposed at ``GET /metrics``: request counts and latencies per route template, queue depths, the
size of each micro-batch, generation throughput and job counts.  Collecting a metric must never
fail a request: the job-count collector swallows database errors and reports nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger("mtbrief.api")

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class _JobCollector(Collector):
    """Job and pending-document counts, read from the job store at scrape time."""

    def __init__(self, counts: Callable[[], dict[str, int]], pending: Callable[[], int]) -> None:
        self._counts = counts
        self._pending = pending

    def collect(self) -> Iterable[GaugeMetricFamily]:
        jobs = GaugeMetricFamily("mtbrief_jobs", "Jobs in the store by status", labels=["status"])
        queue = GaugeMetricFamily(
            "mtbrief_job_documents_pending", "Job documents not yet processed"
        )
        try:
            counts = self._counts()
            pending = self._pending()
        except Exception:  # a scrape must never take the server down
            log.warning("job metrics unavailable", exc_info=True)
            return
        for status in ("queued", "running", "completed", "cancelled"):
            jobs.add_metric([status], counts.get(status, 0))
        queue.add_metric([], pending)
        yield jobs
        yield queue


class Metrics:
    """All metrics of one app; ``render()`` gives the Prometheus text format."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "mtbrief_http_requests", "HTTP requests", ["route", "method", "status"], registry=r
        )
        self.latency = Histogram(
            "mtbrief_http_request_duration_seconds",
            "HTTP request latency",
            ["route", "method"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.queue_depth = Gauge(
            "mtbrief_queue_depth", "Requests waiting or running, per queue", ["queue"], registry=r
        )
        self.rejected = Counter(
            "mtbrief_queue_rejected", "Requests refused with 503 because a queue was full",
            ["queue"], registry=r,
        )
        self.batch_size = Histogram(
            "mtbrief_brief_batch_size",
            "Documents per model call",
            ["source"],
            buckets=(1, 2, 4, 8, 16, 32, 64),
            registry=r,
        )
        self.generation_seconds = Counter(
            "mtbrief_generation_seconds", "Wall time spent in model calls", registry=r
        )
        self.generated_tokens = Counter(
            "mtbrief_generated_tokens",
            "Tokens generated (as reported by the brief backend in timings['generated_tokens'])",
            registry=r,
        )
        self.tokens_per_second = Gauge(
            "mtbrief_generation_tokens_per_second",
            "Generated tokens per second in the latest model call",
            registry=r,
        )
        self.job_documents = Counter(
            "mtbrief_job_documents_processed", "Job documents processed", ["stage", "outcome"],
            registry=r,
        )

    def attach_job_store(
        self, counts: Callable[[], dict[str, int]], pending: Callable[[], int]
    ) -> None:
        """Report job counts from the store on every scrape."""
        self.registry.register(_JobCollector(counts, pending))

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route, method).observe(seconds)

    def observe_generation(self, source: str, n_docs: int, seconds: float, tokens: int) -> None:
        """Record one model call of ``n_docs`` documents taking ``seconds``."""
        self.batch_size.labels(source).observe(n_docs)
        self.generation_seconds.inc(max(seconds, 0.0))
        if tokens > 0:
            self.generated_tokens.inc(tokens)
            if seconds > 0:
                self.tokens_per_second.set(tokens / seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
