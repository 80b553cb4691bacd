"""Run a batch: read the input, skip what is done, process the rest on an engine, write in order.

Data flow::

    open_source(IN) -> plan(entries, done ids in OUT) -> engine.process(items)  [local | ray]
        -> ErrorLog.append(error lines) -> OutputJournal.append(lines, fsync) -> progress bar

Every engine calls the same :func:`mtbrief.batch.records.process_records`, and every engine's
results pass through the same writer, so engines give byte-identical output for the same input.

This module must never drop a record: each input record ends up as exactly one output line.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .journal import ErrorLog, OutputJournal, id_key
from .parquet_output import is_parquet_output
from .plan import PlanCounts, WorkItem, plan
from .progress import BatchProgress
from .records import STAGES, StageOptions, to_json_line
from .sources import open_source

ENGINES: tuple[str, ...] = ("local", "ray")


@dataclass
class BatchStats:
    """What a run did (``written`` counts lines this run appended, errors included)."""

    total: int = 0
    written: int = 0
    skipped: int = 0
    errors: int = 0
    duplicates: int = 0
    repaired_bytes: int = 0
    elapsed_s: float = 0.0
    engine: str = "local"
    workers: int = 1
    stage: str = "clean"
    interrupted: bool = False

    @property
    def docs_per_s(self) -> float:
        return self.written / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "docs_per_s": round(self.docs_per_s, 2)}


def default_workers(stage: str) -> int:
    """Every core for cleanup; one model at a time for briefs (each worker holds a model)."""
    if stage == "brief":
        return 1
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return max(1, cpus or 1)


def _error_line(item: WorkItem) -> bytes:
    out = item.output or {}
    entry: dict[str, Any] = {"id": out.get("id", item.entry.id)}
    if item.entry.line is not None:
        entry["line"] = item.entry.line
    entry["where"] = item.entry.where
    entry["code"] = out.get("code")
    entry["error"] = out.get("error")
    return to_json_line(entry)


def _make_engine(
    engine: Any,
    stage: str,
    options: StageOptions,
    workers: int,
    batch_size: int,
    ray_address: str | None,
) -> Any:
    if not isinstance(engine, str):  # an engine object, e.g. a LocalEngine kept warm by the caller
        if engine.stage != stage:
            raise ValueError(f"the engine was built for stage {engine.stage!r}, not {stage!r}")
        return engine
    if engine == "local":
        from .local import LocalEngine

        return LocalEngine(stage, options, workers=workers, batch_size=batch_size)
    if engine == "ray":
        from .ray_engine import RayEngine

        return RayEngine(
            stage, options, workers=workers, batch_size=batch_size, address=ray_address
        )
    raise ValueError(f"unknown engine {engine!r}; choose one of {list(ENGINES)}")


def run(
    source: str | Path,
    output: str | Path,
    *,
    stage: str = "clean",
    workers: int | None = 1,
    batch_size: int = 16,
    engine: Any = "local",
    ray_address: str | None = None,
    lang: str | None = None,
    glossary: Mapping[str, str] | str | Path | None = None,
    errors_path: str | Path | None = None,
    progress: bool = True,
    max_bytes: int | None = None,
    fsync: bool = True,
    generation_batch: int | None = None,
    **brief_options: Any,
) -> BatchStats:
    """Process ``source`` (JSONL, ``-``, a folder of .txt/.html, Parquet) into ``output``.

    ``output`` is a JSONL file, ``-`` (stdout), or a folder ending in ``.parquet`` (Parquet part
    files; see :mod:`mtbrief.batch.parquet_output`).

    Resumable: records already in ``output`` are skipped, a torn last line is repaired, and each
    record is written exactly once, in input order.  Bad records are written with ``"error"``
    and ``"code"`` fields (and to ``errors_path`` when given) and the run goes on.
    ``KeyboardInterrupt`` stops cleanly: what was written stays valid for the next run.

    ``generation_batch`` is how many briefs one ``brief_many`` call generates together (default:
    a whole chunk on a GPU, one at a time on a CPU).  ``engine`` is ``"local"``, ``"ray"``, or
    an engine object already started by the caller (a warm ``LocalEngine`` / ``RayEngine``,
    whose own workers, batch size and options are used).
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose one of {list(STAGES)}")
    workers = workers or default_workers(stage)
    if isinstance(glossary, Path):
        glossary = str(glossary)
    options = StageOptions(
        lang=lang,
        glossary=glossary,
        max_bytes=max_bytes,
        brief_options=dict(brief_options),
        generation_batch=generation_batch,
    )

    src = open_source(source, max_bytes=max_bytes)
    if src.path is not None and str(output) != "-" and Path(output).resolve() == src.path.resolve():
        raise ValueError("the output must not be the input file")
    runner = _make_engine(engine, stage, options, workers, batch_size, ray_address)
    if is_parquet_output(output):
        from .parquet_output import ParquetOutput

        journal: Any = ParquetOutput(output, stage=stage, fsync=fsync)
    else:
        journal = OutputJournal(output, fsync=fsync)
    errors = ErrorLog(errors_path, fsync=fsync) if errors_path else None
    stats = BatchStats(
        engine=runner.name,
        workers=runner.workers,
        stage=stage,
        repaired_bytes=journal.repaired_bytes,
    )
    counts = PlanCounts()
    total = src.count()
    started = time.perf_counter()
    try:
        remaining = None if total is None else max(0, total - journal.done_total)
        label = f"{stage} ({runner.name} x{runner.workers})"
        with BatchProgress(remaining, enabled=progress, label=label) as bar:
            items = plan(src.entries(), journal.done, counts, key=getattr(journal, "key", id_key))
            for chunk in _chunks_in_order(runner.process(items)):
                failed = [item for item in chunk if "error" in (item.output or {})]
                if errors is not None and failed:
                    errors.append(_error_line(item) for item in failed)
                journal.write([item.output or {} for item in chunk])
                stats.written += len(chunk)
                stats.errors += len(failed)
                bar.advance(len(chunk))
    except KeyboardInterrupt:
        stats.interrupted = True
        raise
    finally:
        stats.elapsed_s = time.perf_counter() - started
        stats.total = counts.seen
        stats.skipped = counts.skipped
        stats.duplicates = counts.duplicates
        journal.close()
        if errors is not None:
            errors.close()
    return stats


def _chunks_in_order(chunks: Iterator[list[WorkItem]]) -> Iterator[list[WorkItem]]:
    """Check the engine's promise (input order, nothing missing) before anything is written."""
    expected = 0
    for chunk in chunks:
        for item in chunk:
            if item.seq != expected or item.output is None:
                raise RuntimeError(
                    f"engine returned item {item.seq} out of order (expected "
                    f"{expected}); nothing after it was written"
                )
            expected += 1
        yield chunk


def run_jsonl(
    input_path: str | Path,
    output_path: str | Path,
    *,
    stage: str = "clean",
    workers: int = 1,
    batch_size: int = 16,
    lang: str | None = None,
    glossary: Mapping[str, str] | str | Path | None = None,
    errors_path: str | Path | None = None,
    progress: bool = True,
    **brief_options: Any,
) -> BatchStats:
    """The batch contract used by ``mtbrief clean --input/--output``: :func:`run` on one machine.

    JSONL records ``{"id", "text", "lang"?}`` in; ``{"id", "text" (cleaned), "lang", "edits"}``
    (plus the brief fields for ``stage="brief"``) out, in input order; bad records carry
    ``"error"``; a re-run skips ids already in the output.
    """
    return run(
        input_path,
        output_path,
        stage=stage,
        workers=workers,
        batch_size=batch_size,
        engine="local",
        lang=lang,
        glossary=glossary,
        errors_path=errors_path,
        progress=progress,
        **brief_options,
    )
