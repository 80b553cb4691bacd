"""The job worker pool: threads that take pending job documents from the store and process them.

Workers run beside the event loop, never on it, so job work never blocks a request.  Each result
is committed before the next document is taken; a document the library rejects is stored with an
``error`` and the job goes on.  Brief jobs share the model gate with ``/v1/brief`` (one model
call at a time, waiting requests first), so a request waits at most for one job batch.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from ..brief.result import BriefResult
from ..errors import InputError
from .engines import Cleaner
from .jobs_store import ClaimedDocument, JobStore
from .metrics import Metrics

log = logging.getLogger("mtbrief.api")

Generate = Callable[[Sequence[str], dict[str, Any]], list[BriefResult]]

BRIEF_OPTION_NAMES = ("target_lang", "max_words", "max_sentences", "glossary", "return_edits")


def error_payload(doc_id: str, exc: BaseException) -> dict[str, Any]:
    """The result line of a document that failed; safe messages only."""
    if isinstance(exc, InputError):
        return {"id": doc_id, "error": {"code": exc.code, "message": str(exc)}}
    ref = uuid.uuid4().hex[:12]
    log.error("job document %r failed (ref %s)", doc_id, ref, exc_info=exc)
    return {"id": doc_id, "error": {"code": "internal", "message": f"internal error ({ref})"}}


class JobWorkers:
    """``threads`` daemon threads that drain the job store."""

    def __init__(
        self,
        store: JobStore,
        cleaner: Cleaner,
        generate: Generate,
        *,
        threads: int,
        batch_size: int,
        metrics: Metrics,
        poll_s: float = 1.0,
    ) -> None:
        self.store = store
        self.cleaner = cleaner
        self.generate = generate
        self.batch_size = max(1, batch_size)
        self.metrics = metrics
        self.poll_s = poll_s
        self._n = max(0, threads)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for i in range(self._n):
            t = threading.Thread(target=self._run, name=f"job-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def notify(self) -> None:
        """New work arrived: wake a sleeping worker now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for t in self._threads:
            t.join(timeout)

    def _run(self) -> None:
        name = f"{threading.current_thread().name}-{uuid.uuid4().hex[:6]}"
        while not self._stop.is_set():
            try:
                claimed = self.store.claim(name, self.batch_size)
            except Exception:
                log.exception("claiming job documents failed")
                self._stop.wait(self.poll_s)
                continue
            if claimed is None:
                self._wake.wait(self.poll_s)
                self._wake.clear()
                continue
            job_id, stage, options, docs = claimed
            try:
                if stage == "brief":
                    self._brief(job_id, options, docs)
                else:
                    self._clean(job_id, options, docs)
            except Exception:
                # Unsaved documents stay claimed until restart or lease expiry; log and go on.
                log.exception("job %s: batch failed", job_id)
        self.store.close()

    def _save(self, job_id: str, stage: str, doc: ClaimedDocument, payload: dict) -> None:
        ok = "error" not in payload
        self.store.save_results(job_id, [(doc.seq, ok, payload)])
        self.metrics.job_documents.labels(stage, "ok" if ok else "error").inc()

    def _clean(self, job_id: str, options: dict[str, Any], docs: list[ClaimedDocument]) -> None:
        for doc in docs:
            if self._stop.is_set():
                return
            try:
                result = self.cleaner(
                    doc.text, lang=doc.lang, glossary=options.get("glossary"), html=doc.html
                )
                payload = {"id": doc.id, **result.model_dump(mode="json")}
            except Exception as exc:
                payload = error_payload(doc.id, exc)
            self._save(job_id, "clean", doc, payload)

    def _brief(self, job_id: str, options: dict[str, Any], docs: list[ClaimedDocument]) -> None:
        brief_options = {k: options[k] for k in BRIEF_OPTION_NAMES if options.get(k) is not None}
        # One model call per (html, lang) group: those options apply to a whole call.
        groups: dict[tuple[bool, str | None], list[ClaimedDocument]] = {}
        for doc in docs:
            groups.setdefault((doc.html, doc.lang), []).append(doc)
        for (html, lang), group in groups.items():
            extra: dict[str, Any] = {"html": html}
            if lang is not None:
                extra["lang"] = lang
            self._brief_group(job_id, {**brief_options, **extra}, group)

    def _brief_group(
        self, job_id: str, options: dict[str, Any], docs: list[ClaimedDocument]
    ) -> None:
        try:
            results = self.generate([d.text for d in docs], options)
            payloads = [
                {"id": d.id, **r.model_dump(mode="json")}
                for d, r in zip(docs, results, strict=True)
            ]
        except Exception as exc:
            if len(docs) > 1:  # isolate the document that failed
                for d in docs:
                    self._brief_group(job_id, options, [d])
                return
            payloads = [error_payload(docs[0].id, exc)]
        for d, payload in zip(docs, payloads, strict=True):
            self._save(job_id, "brief", d, payload)
