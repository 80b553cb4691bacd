"""Decide, for each input entry, whether it is already done, ready (a known error) or to process.

Resume rule: the output holds ``k`` records with id ``x`` => the first ``k`` occurrences of ``x``
in the input are done.  Because outputs are written in input order this is exact, also with
repeated ids.  Repeated ids are handled deterministically: the first occurrence is processed, each
later one is written as a ``duplicate_id`` error record naming where the first one is, so the
output keeps one line per input record and nothing is silently dropped.

This module must never call a stage; it only routes entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .journal import id_key
from .records import error_record
from .sources import Entry


@dataclass(slots=True)
class WorkItem:
    """One entry on its way to the output; ``output`` is set when it is ready to write."""

    seq: int
    entry: Entry
    output: dict[str, Any] | None = None


@dataclass
class PlanCounts:
    seen: int = 0
    skipped: int = 0
    duplicates: int = 0
    unreadable: int = 0
    first_where: dict[str, str] = field(default_factory=dict)


def plan(
    entries: Iterable[Entry],
    done: Counter[str],
    counts: PlanCounts,
    key: Callable[[object], str] = id_key,
) -> Iterator[WorkItem]:
    """Yield the work items still to write, in input order (``counts`` is updated as we go).

    ``key`` maps an id to the key ``done`` is counted by (the output format decides).
    """
    occurrences: Counter[str] = Counter()
    seq = 0
    for entry in entries:
        counts.seen += 1
        k = key(entry.id)
        occurrences[k] += 1
        nth = occurrences[k]
        if nth == 1:
            counts.first_where[k] = entry.where
        if nth <= done[k]:
            counts.skipped += 1
            continue
        item = WorkItem(seq=seq, entry=entry)
        seq += 1
        if entry.error is not None:
            counts.unreadable += 1
            item.output = entry.error
        elif nth > 1:
            counts.duplicates += 1
            item.output = error_record(
                entry.id,
                "duplicate_id",
                f"id {entry.id!r} is already used by the record at {counts.first_where[k]}; "
                "this record was not processed",
            )
        yield item
