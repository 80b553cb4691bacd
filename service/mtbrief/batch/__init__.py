"""Batch processing: many records through the same per-record code the library and API use.

* :func:`run` - JSONL / stdin / folder of .txt/.html / Parquet in; JSONL, stdout or a Parquet
  folder out; on the ``local`` engine (processes) or the ``ray`` engine (Ray Data, optional
  extra ``mtbrief[ray]``); resumable, in input order, bad records kept with their reason.
* :func:`run_jsonl` - the JSONL contract behind ``mtbrief clean --input/--output``.
* :func:`process_record` - one record in, one output record out (shared by every path).

This package must never lose or duplicate a record; see ``journal.py`` for how.
"""

from __future__ import annotations

from .journal import JournalError
from .records import StageOptions, StageUnavailableError, process_record, process_records
from .runner import BatchStats, run, run_jsonl

__all__ = [
    "BatchStats",
    "JournalError",
    "StageOptions",
    "StageUnavailableError",
    "process_record",
    "process_records",
    "run",
    "run_jsonl",
]
