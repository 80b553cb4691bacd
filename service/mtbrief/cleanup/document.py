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
        if accepted:
            self._merge(accepted, kind)
        return len(accepted)

    def _merge(self, accepted: list[Proposal], kind: str) -> None:
        """Fold sorted, non-conflicting proposals into the log in one linear pass.

        Existing edits and proposals whose current-text spans touch form a cluster; a cluster
        with any proposal becomes one edit covering the union (or disappears if it nets to no
        change).  Offsets map back to the original through ``delta``, the net length change of
        the existing edits to the left.
        """
        text = self.text
        items: list[tuple[int, int, int, int]] = [
            (cs, ce, 0, i) for i, (cs, ce) in enumerate(self._current_spans())
        ]
        items += [(p.start, p.end, 1, j) for j, p in enumerate(accepted)]
        items.sort(key=lambda t: (t[0], t[1], t[2]))
        clusters: list[list[tuple[int, int, int, int]]] = []
        extent = -1
        for item in items:
            if clusters and item[0] <= extent:
                clusters[-1].append(item)
                extent = max(extent, item[1])
            else:
                clusters.append([item])
                extent = item[1]
        edits: list[Edit] = []
        pieces: list[str] = []
        pos = delta = 0
        for cluster in clusters:
            olds = [self.edits[i] for _, _, is_new, i in cluster if not is_new]
            news = [accepted[j] for _, _, is_new, j in cluster if is_new]
            delta_in = sum(len(e.after) - (e.end - e.start) for e in olds)
            if not news:
                edits.extend(olds)
                delta += delta_in
                continue
            us = min(t[0] for t in cluster)
            ue = max(t[1] for t in cluster)
            parts, cur = [], us
            for p in news:
                parts += [text[cur : p.start], p.replacement]
                cur = p.end
            after = "".join(parts) + text[cur:ue]
            ostart, oend = us - delta, ue - delta - delta_in
            kinds = [k for e in olds for k in e.kind.split("+")] + [p.kind or kind for p in news]
            reasons = [e.reason for e in olds] + [p.reason for p in news]
            before = self.original[ostart:oend]
            if before != after:
                edits.append(
                    Edit(
                        start=ostart,
                        end=oend,
                        before=before,
                        after=after,
                        kind="+".join(_unique(kinds)),
                        reason="; ".join(_unique(reasons)),
                        confidence=min([e.confidence for e in olds] + [p.confidence for p in news]),
                    )
                )
            pieces += [text[pos:us], after]
            pos = ue
            delta += delta_in
        pieces.append(text[pos:])
        self.text = "".join(pieces)
        self.edits = edits


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
