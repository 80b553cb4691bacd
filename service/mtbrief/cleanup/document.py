"""The document a cleanup pipeline works on, and the edit log that makes every repair auditable.

A repair never rewrites ``Document.text`` directly.  It *proposes* replacements on the current
text; :meth:`Document.apply` maps them back to offsets in the **original** input and folds them
into one sorted, non-overlapping list of :class:`Edit`.  Two proposals that touch the same stretch
of text (a split followed by a case fix of the same word, say) become one edit whose ``kind`` names
both repairs.  Invariants, property-tested in ``tests/cleanup/test_document.py``:

* ``apply_edits(original, edits) == cleaned``;
* ``revert_edits(cleaned, edits) == original``;
* edits are sorted by ``start``, never overlap, and never share a boundary.

This module must never guess: it only does bookkeeping.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict


class Edit(BaseModel):
    """One change, with offsets into the *input* text."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    before: str
    after: str
    kind: str
    reason: str
    confidence: float


@dataclass(frozen=True)
class Proposal:
    """A replacement proposed by a repair, in offsets of the *current* text of the document."""

    start: int
    end: int
    replacement: str
    reason: str
    confidence: float = 0.9
    kind: str | None = None  # defaults to the repair's kind


@dataclass
class Document:
    """One article moving through the cleanup pipeline.

    ``text`` is the current (partly repaired) text, ``original`` the input, ``edits`` the log in
    original offsets.  ``meta`` lets repairs share derived facts (e.g. canonical names).
    """

    original: str
    lang: str | None = None
    script: str | None = None
    text: str = ""
    edits: list[Edit] = field(default_factory=list)
    meta: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.original

    # -- mapping -------------------------------------------------------------------------
    def _current_spans(self) -> list[tuple[int, int]]:
        """Current-text spans ``[cs, ce)`` of each edit's ``after``."""
        spans = []
        delta = 0
        for e in self.edits:
            cs = e.start + delta
            spans.append((cs, cs + len(e.after)))
            delta += len(e.after) - (e.end - e.start)
        return spans

    def to_original(self, pos: int) -> int:
        """Map an offset of the current text to the original text (start of an edit if inside)."""
        delta = 0
        for e in self.edits:
            cs = e.start + delta
            if pos < cs:
                break
            if pos < cs + len(e.after):
                return e.start
            delta += len(e.after) - (e.end - e.start)
        return pos - delta

    # -- applying proposals ----------------------------------------------------------------
    def apply(self, proposals: Iterable[Proposal], kind: str) -> int:
        """Apply non-overlapping proposals made on the current text; returns how many applied.

        Proposals that overlap an earlier proposal of the same batch are dropped (the one with
        the higher confidence wins), as are proposals that change nothing.
        """
        accepted: list[Proposal] = []
        for p in sorted(proposals, key=lambda p: (p.start, p.end, -p.confidence)):
            if not (0 <= p.start <= p.end <= len(self.text)):
                raise ValueError(f"proposal out of range: {p}")
            if self.text[p.start : p.end] == p.replacement:
                continue
            if accepted and _conflicts(accepted[-1].start, accepted[-1].end, p.start, p.end):
                if p.confidence > accepted[-1].confidence:
                    accepted[-1] = p
                continue
            accepted.append(p)
        # Right to left, so the current-text offsets of the proposals still to come stay valid.
        for p in reversed(accepted):
            self._apply_one(p, p.kind or kind)
        return len(accepted)

    def _apply_one(self, p: Proposal, kind: str) -> None:
        spans = self._current_spans()
        hit = [i for i, (cs, ce) in enumerate(spans) if _overlaps(cs, ce, p.start, p.end)]
        text = self.text
        if not hit:
            delta = 0
            for e, (cs, ce) in zip(self.edits, spans):
                if ce <= p.start:
                    delta += len(e.after) - (e.end - e.start)
            ostart = p.start - delta
            oend = ostart + (p.end - p.start)
            new = Edit(
                start=ostart,
                end=oend,
                before=self.original[ostart:oend],
                after=p.replacement,
                kind=kind,
                reason=p.reason,
                confidence=p.confidence,
            )
            first = bisect.bisect_left([e.start for e in self.edits], ostart)
            last = first
        else:
            first, last = hit[0], hit[-1] + 1
            cs, ce = spans[first][0], spans[last - 1][1]
            ostart = self.edits[first].start - max(0, cs - p.start)
            oend = self.edits[last - 1].end + max(0, p.end - ce)
            ustart, uend = min(cs, p.start), max(ce, p.end)
            after = text[ustart : p.start] + p.replacement + text[p.end : uend]
            merged = self.edits[first:last]
            kinds = _unique([k for e in merged for k in e.kind.split("+")] + [kind])
            reasons = _unique([e.reason for e in merged] + [p.reason])
            new = Edit(
                start=ostart,
                end=oend,
                before=self.original[ostart:oend],
                after=after,
                kind="+".join(kinds),
                reason="; ".join(reasons),
                confidence=min([e.confidence for e in merged] + [p.confidence]),
            )
        self.text = text[: p.start] + p.replacement + text[p.end :]
        self.edits[first:last] = [] if new.before == new.after else [new]


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    """True when two half-open spans overlap or touch (touching spans are merged)."""
    return a0 <= b1 and b0 <= a1


def _conflicts(a0: int, a1: int, b0: int, b1: int) -> bool:
    """True when two proposals of one batch claim the same text (adjacent ones are fine)."""
    return max(a0, b0) < min(a1, b1) or (a0 == b0 and (a0 == a1 or b0 == b1))


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def apply_edits(original: str, edits: Sequence[Edit]) -> str:
    """Replay edits (original offsets) on the input text."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        if original[e.start : e.end] != e.before:
            raise ValueError(f"edit does not match the text at {e.start}: {e.before!r}")
        out.append(original[pos : e.start])
        out.append(e.after)
        pos = e.end
    out.append(original[pos:])
    return "".join(out)


def revert_edits(cleaned: str, edits: Sequence[Edit]) -> str:
    """Undo edits on the cleaned text, restoring the input exactly."""
    out, pos, delta = [], 0, 0
    for e in sorted(edits, key=lambda e: e.start):
        cs = e.start + delta
        if cleaned[cs : cs + len(e.after)] != e.after:
            raise ValueError(f"edit does not match the cleaned text at {cs}: {e.after!r}")
        out.append(cleaned[pos:cs])
        out.append(e.before)
        pos = cs + len(e.after)
        delta += len(e.after) - (e.end - e.start)
    out.append(cleaned[pos:])
    return "".join(out)
