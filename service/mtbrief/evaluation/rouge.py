"""ROUGE-1/2/L F1 over Unicode tokens, with multiple references (max over references).

Same definitions as Google's rouge-score (``rouge1``, ``rouge2``, ``rougeL`` = LCS over the whole
text, F1 with beta = 1, max over references per metric as in ``score_multi``), but over the
tokens of :func:`mtbrief.evaluation.text.tokenize`, so non-Latin summaries get real scores.
Hand-written (a few lines of n-gram counting) because rouge-score's tokenizer cannot be made
Unicode-aware without monkey-patching; the LCS comes from rapidfuzz (C++).

This module must never download anything or depend on a model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from .text import tokenize

ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one candidate against one reference."""

    precision: float
    recall: float
    fmeasure: float


def _prf(overlap: int, n_cand: int, n_ref: int) -> Score:
    p = overlap / n_cand if n_cand else 0.0
    r = overlap / n_ref if n_ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f)


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> Score:
    """ROUGE-N of token lists (clipped n-gram overlap)."""
    c, r = _ngrams(candidate, n), _ngrams(reference, n)
    overlap = sum((c & r).values())
    return _prf(overlap, sum(c.values()), sum(r.values()))


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> Score:
    """ROUGE-L of token lists (longest common subsequence, whole text)."""
    if not candidate or not reference:
        return Score(0.0, 0.0, 0.0)
    lcs = int(LCSseq.similarity(list(candidate), list(reference)))
    return _prf(lcs, len(candidate), len(reference))


def score_tokens(candidate: Sequence[str], reference: Sequence[str]) -> dict[str, Score]:
    """All ROUGE types for one pre-tokenised candidate/reference pair."""
    return {
        "rouge1": rouge_n(candidate, reference, 1),
        "rouge2": rouge_n(candidate, reference, 2),
        "rougeL": rouge_l(candidate, reference),
    }


def rouge(
    candidate: str,
    references: str | Sequence[str],
    lang: str | None = None,
    stem: bool = False,
) -> dict[str, Score]:
    """ROUGE-1/2/L of ``candidate`` against one or several references.

    With several references each metric takes the reference with the best F1 (rouge-score's
    ``score_multi`` rule; SummEval has 11 references per document).  ``stem`` applies the Snowball
    stemmer of ``lang`` (Porter for English, as rouge-score's ``use_stemmer``).
    """
    refs = [references] if isinstance(references, str) else list(references)
    if not refs:
        raise ValueError("rouge() needs at least one reference")
    cand = tokenize(candidate, lang, stem)
    best: dict[str, Score] = {}
    for ref in refs:
        for name, s in score_tokens(cand, tokenize(ref, lang, stem)).items():
            if name not in best or s.fmeasure > best[name].fmeasure:
                best[name] = s
    return best
