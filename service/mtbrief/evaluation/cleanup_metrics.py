"""Cleanup metrics: how much of the injected damage a cleanup undoes, and what it breaks.

All distances are token-level Levenshtein distances over whitespace tokens (case and punctuation
kept, so a lost space, a wrong capital, a turned quote or a respelled name each cost one or two
tokens).  For one artifact kind::

    error_reduction = 1 - sum(dist(cleaned, gold)) / sum(dist(corrupted, gold))

over the documents corrupted with that kind only (1.0: all repaired; 0: nothing changed; < 0:
the cleanup made the text worse).  ``false_edits_per_1000`` is ``dist(clean(gold), gold)`` per
1000 gold tokens on text that was never corrupted.  An artifact counts as exactly repaired when
the alignment of the cleaned text with the gold has no difference inside its gold token window.

This module must never change the texts it measures; the cleanup function is passed in.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .corrupt import KINDS, CorruptedDoc, Corruptor
from .text import tokenize

CleanFn = Callable[[str, str | None], "CleanOutput"]


@dataclass
class CleanOutput:
    """What the metrics need from one cleanup call."""

    text: str
    edits: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, before, after)


@dataclass
class Timed:
    seconds: list[float] = field(default_factory=list)

    def run(self, fn: CleanFn, text: str, lang: str | None) -> CleanOutput:
        t0 = time.perf_counter()
        out = fn(text, lang)
        self.seconds.append(time.perf_counter() - t0)
        return out


def token_distance(a: str, b: str) -> int:
    """Levenshtein distance between the whitespace tokens of ``a`` and ``b``."""
    return Levenshtein.distance(a.split(), b.split())


def _reduction(after: int, before: int) -> float | None:
    return None if before == 0 else 1.0 - after / before


def damaged_gold_tokens(cleaned: str, gold: str) -> set[int]:
    """Indices of gold whitespace tokens that the alignment with ``cleaned`` does not keep."""
    out: set[int] = set()
    for op in Levenshtein.opcodes(gold.split(), cleaned.split()):
        if op.tag == "equal":
            continue
        if op.src_start == op.src_end:  # insertion between two gold tokens: blame both
            out.update({op.src_start - 1, op.src_start})
        else:
            out.update(range(op.src_start, op.src_end))
    return out


def _context(text: str, start: int, end: int, words: int = 2) -> str:
    """The injected span with ``words`` whitespace tokens either side."""
    left = text[:start].split(" ")
    right = text[end:].split(" ")
    return " ".join(left[-words - 1 :])[-80:] + text[start:end] + " ".join(right[: words + 1])[:80]


def build_corruption_set(
    docs: Iterable[tuple[str, str, str | None]],
    corruptor: Corruptor,
    per_kind: bool = True,
    mixed: bool = True,
) -> list[CorruptedDoc]:
    """One corrupted copy per (document, kind) with only that kind, plus one with all kinds.

    Copies in which no artifact could be injected are dropped.
    """
    out: list[CorruptedDoc] = []
    docs = list(docs)
    if per_kind:
        for kind in corruptor.kinds:
            single = type(corruptor)(  # a subclass keeps its own injections
                kinds=[kind],
                seed=corruptor.seed,
                per_tokens=corruptor.per_tokens,
                max_per_kind=corruptor.max_per_kind,
                name_variants=corruptor.name_variants if kind == "name_variant" else {},
                glossary=corruptor.glossary,
            )
            for doc_id, text, lang in docs:
                d = single.corrupt(text, f"{doc_id}#{kind}", lang)
                if d.injections:
                    out.append(d)
    if mixed:
        for doc_id, text, lang in docs:
            d = corruptor.corrupt(text, f"{doc_id}#mixed", lang)
            if d.injections:
                out.append(d)
    return out


def corruption_metrics(
    corrupted: Sequence[CorruptedDoc], clean: CleanFn, timer: Timed | None = None
) -> dict[str, object]:
    """Error reduction and exact-repair rate per kind, plus the mixed-document figures."""
    timer = timer or Timed()
    dist_before: dict[str, int] = defaultdict(int)
    dist_after: dict[str, int] = defaultdict(int)
    exact: dict[str, list[bool]] = defaultdict(list)
    docs_exact: list[bool] = []
    failures: list[dict[str, str]] = []
    for doc in corrupted:
        out = timer.run(clean, doc.text, doc.lang)
        group = doc.id.rsplit("#", 1)[-1] if "#" in doc.id else "mixed"
        dist_before[group] += token_distance(doc.text, doc.gold)
        dist_after[group] += token_distance(out.text, doc.gold)
        damaged = damaged_gold_tokens(out.text, doc.gold)
        docs_exact.append(out.text == doc.gold)
        for inj in doc.injections:
            ok = not damaged.intersection(range(*inj.gold_tokens))
            exact[inj.kind].append(ok)
            if not ok and sum(f["kind"] == inj.kind for f in failures) < 8:
                toks = doc.gold.split()
                a, b = inj.gold_tokens
                failures.append({
                    "doc": doc.id,
                    "kind": inj.kind,
                    "gold": " ".join(toks[max(0, a - 2) : b + 2]),
                    "corrupted": _context(doc.text, inj.start, inj.end),
                })
    per_kind: dict[str, dict[str, float | int | None]] = {}
    for kind in [k for k in (*KINDS, "mixed") if k in dist_before or k in exact]:
        n = len(exact.get(kind, []))
        per_kind[kind] = {
            "error_reduction": _reduction(dist_after[kind], dist_before[kind]),
            "tokens_damaged": dist_before.get(kind, 0),
            "tokens_left": dist_after.get(kind, 0),
        }
        if n:  # artifacts of a kind, in its own documents and in the mixed ones
            per_kind[kind].update({"exact_repair": sum(exact[kind]) / n, "artifacts": n})
    total_b = sum(dist_before.values())
    total_a = sum(dist_after.values())
    all_exact = [x for v in exact.values() for x in v]
    return {
        "per_kind": per_kind,
        "error_reduction": _reduction(total_a, total_b),
        "exact_repair": sum(all_exact) / len(all_exact) if all_exact else None,
        "documents_restored": sum(docs_exact) / len(docs_exact) if docs_exact else None,
        "documents": len(corrupted),
        "failures": failures,
    }


def false_edit_metrics(
    docs: Iterable[tuple[str, str, str | None]], clean: CleanFn, timer: Timed | None = None
) -> dict[str, object]:
    """Edits made to text that was never corrupted (every one of them is a false edit)."""
    timer = timer or Timed()
    tokens = dist = n_edits = n_docs = 0
    examples: list[dict[str, str]] = []
    for doc_id, text, lang in docs:
        out = timer.run(clean, text, lang)
        tokens += len(text.split())
        dist += token_distance(out.text, text)
        n_edits += len(out.edits)
        n_docs += 1
        for kind, before, after in out.edits:
            if len(examples) < 40:
                examples.append({"doc": doc_id, "kind": kind, "before": before, "after": after})
    return {
        "false_edits_per_1000": 1000 * dist / tokens if tokens else None,
        "edit_records_per_1000": 1000 * n_edits / tokens if tokens else None,
        "tokens": tokens,
        "documents": n_docs,
        "examples": examples,
    }


def unchanged_metrics(
    segments: Iterable[tuple[str, str, str | None]], clean: CleanFn, timer: Timed | None = None
) -> dict[str, object]:
    """Share of texts that come back exactly unchanged (e.g. MT that humans left unedited)."""
    timer = timer or Timed()
    kept = total = 0
    changed: list[dict[str, str]] = []
    for seg_id, text, lang in segments:
        out = timer.run(clean, text, lang)
        total += 1
        if out.text == text:
            kept += 1
        elif len(changed) < 20:
            changed.append({"id": seg_id, "before": text, "after": out.text})
    return {"unchanged_rate": kept / total if total else None, "segments": total,
            "changed": changed}


def whitespace_metrics(
    lines: Iterable[tuple[str, str, str]], clean: CleanFn, timer: Timed | None = None
) -> dict[str, object]:
    """Whitespace repair on ``(id, corrupt, correct)`` lines (tokenization-repair benchmark).

    ``whitespace_error_reduction`` over lines with an error; ``whitespace_unchanged_rate`` over
    lines that have none.
    """
    timer = timer or Timed()
    before = after = kept = clean_lines = bad_lines = 0
    for _id, corrupt, correct in lines:
        out = timer.run(clean, corrupt, None)
        if corrupt == correct:
            clean_lines += 1
            kept += out.text == corrupt
        else:
            bad_lines += 1
            before += token_distance(corrupt, correct)
            after += token_distance(out.text, correct)
    return {
        "whitespace_error_reduction": _reduction(after, before),
        "whitespace_unchanged_rate": kept / clean_lines if clean_lines else None,
        "lines_with_errors": bad_lines,
        "lines_without_errors": clean_lines,
    }


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-tokens F1 (Unicode tokens, lower-cased), the usual article-extraction measure."""
    from collections import Counter

    p, g = Counter(tokenize(predicted)), Counter(tokenize(gold))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * prec * rec / (prec + rec)
