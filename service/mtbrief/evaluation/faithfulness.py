"""An offline faithfulness score for a summary against its source, and how well it agrees with
human labels.

No NLI model is available offline, so the score combines lexical evidence, per summary sentence:

* support of names and numbers (capitalised mid-sentence words and digit groups of the summary
  found in the source, digits normalised, names matched by stem);
* content-word coverage of the summary sentence by its best-matching source sentence (a sentence
  stitched from far-apart facts is where models invent relations);
* novel content words and novel bigrams (stemmed, lower-cased) with respect to the whole source.

The worst sentence decides (one unfaithful sentence makes the summary unfaithful); a logistic
model turns the features into a 0..1 score.  ``DEFAULT_WEIGHTS`` were fitted on the calibration
halves of the labelled sets (qags, SummaC subsets, AggreFact-XSum, SummEdits news) by
:func:`fit_weights`; the evaluation suite refits on one half and reports balanced accuracy on the
other.  ``entity_overlap`` is the plain baseline the score must beat.

This module must never call a model or the network; it only reads the two texts.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
import regex

from .text import split_sentences, tokenize

FEATURES: tuple[str, ...] = (
    "worst_novel_unigram",
    "worst_novel_bigram",
    "worst_best_sentence_coverage",
    "unsupported_names",
    "unsupported_numbers",
    "novel_unigram",
    "novel_trigram",
    "entity_overlap",
)
# Fitted by fit_weights() on the calibration half of qags, SummaC subsets, AggreFact-XSum and
# SummEdits news (`mtbrief eval evaluation/full.toml --only faithfulness`, task details "weights");
# the last value is the intercept.  The test half was never seen by this fit.
DEFAULT_WEIGHTS: tuple[float, ...] = (
    1.264, -0.8125, 2.7537, -1.8271, -1.6507, -0.0792, 0.7202, 0.3079, -2.1997,
)
DEFAULT_THRESHOLD = 0.5

_NUMBER = regex.compile(r"\p{N}+(?:[.,]\p{N}+)*")
_CAP = regex.compile(r"\p{Lu}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*")


@lru_cache(maxsize=32)
def _stopwords(lang: str | None) -> frozenset[str]:
    try:
        import stopwordsiso
    except ImportError:  # pragma: no cover - a declared dependency
        return frozenset()
    code = (lang or "en").split("-")[0]
    return frozenset(stopwordsiso.stopwords(code)) if stopwordsiso.has_lang(code) else frozenset()


def _norm_number(s: str) -> str:
    s = regex.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", s)  # thousands separators
    return s.rstrip(".,")


def numbers(text: str) -> set[str]:
    """Digit groups of ``text`` with thousands separators removed ("1,200" -> "1200")."""
    return {_norm_number(m.group()) for m in _NUMBER.finditer(text)}


def names(text: str) -> list[str]:
    """Capitalised words that do not start a sentence: a cheap, script-agnostic name detector."""
    out = []
    for sent in split_sentences(text):
        for i, m in enumerate(_CAP.finditer(sent)):
            if i == 0 and m.start() < 3:
                continue
            out.append(m.group())
    return out


def _stemmed(words: Sequence[str], lang: str | None) -> list[str]:
    return tokenize(" ".join(words), lang, stem=True)


def unsupported_names_and_numbers(
    summary: str, source: str, lang: str | None = None
) -> list[tuple[str, str]]:
    """``(kind, text)`` for each name or number of ``summary`` the ``source`` does not support."""
    src_tokens = set(tokenize(source, lang, stem=True))
    src_numbers = numbers(source)
    out: list[tuple[str, str]] = []
    for n in sorted(numbers(summary)):
        if n not in src_numbers:
            out.append(("number", n))
    for name in names(summary):
        toks = tokenize(name, lang, stem=True)
        if toks and not all(t in src_tokens for t in toks):
            out.append(("name", name))
    return out


@dataclass(frozen=True)
class _SourceIndex:
    tokens: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    trigrams: frozenset[tuple[str, str, str]]
    sentences: tuple[frozenset[str], ...]
    numbers: frozenset[str]


@lru_cache(maxsize=256)
def _index(source: str, lang: str | None) -> _SourceIndex:
    toks = tokenize(source, lang, stem=True)
    sents = tuple(frozenset(tokenize(s, lang, stem=True)) for s in split_sentences(source))
    return _SourceIndex(
        frozenset(toks),
        frozenset(pairwise(toks)),
        frozenset(zip(toks, toks[1:], toks[2:], strict=False)),
        sents or (frozenset(),),
        frozenset(numbers(source)),
    )


def features(summary: str, source: str, lang: str | None = None) -> dict[str, float]:
    """The lexical faithfulness features of ``summary`` (0 = fully supported, except coverage)."""
    idx = _index(source, lang)
    stop = _stopwords(lang)
    worst_uni = worst_bi = 0.0
    worst_cov = 1.0
    all_content: list[str] = []
    all_tokens: list[str] = []
    for sent in split_sentences(summary) or [summary]:
        toks = tokenize(sent, lang, stem=True)
        raw = tokenize(sent, lang)
        content = [s for s, r in zip(toks, raw, strict=False) if r not in stop]
        all_content += content
        all_tokens += toks
        if content:
            worst_uni = max(worst_uni, sum(t not in idx.tokens for t in content) / len(content))
            cset = set(content)
            best = max(len(cset & s) for s in idx.sentences) / len(cset)
            worst_cov = min(worst_cov, best)
        bigrams = list(pairwise(toks))
        if bigrams:
            worst_bi = max(worst_bi, sum(b not in idx.bigrams for b in bigrams) / len(bigrams))
    trigrams = list(zip(all_tokens, all_tokens[1:], all_tokens[2:], strict=False))
    bad = unsupported_names_and_numbers(summary, source, lang)
    return {
        "worst_novel_unigram": worst_uni,
        "worst_novel_bigram": worst_bi,
        "worst_best_sentence_coverage": worst_cov,
        "unsupported_names": float(min(3, sum(k == "name" for k, _ in bad))),
        "unsupported_numbers": float(min(3, sum(k == "number" for k, _ in bad))),
        "novel_unigram": (
            sum(t not in idx.tokens for t in all_content) / len(all_content) if all_content else 0.0
        ),
        "novel_trigram": (
            sum(t not in idx.trigrams for t in trigrams) / len(trigrams) if trigrams else 0.0
        ),
        "entity_overlap": entity_overlap(summary, source, lang),
    }


def _vector(f: dict[str, float]) -> list[float]:
    return [f[k] for k in FEATURES]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def score_features(f: dict[str, float], weights: Sequence[float] = DEFAULT_WEIGHTS) -> float:
    """Probability-like faithfulness score (1 = faithful) from precomputed features."""
    z = sum(w * x for w, x in zip(weights, _vector(f), strict=False)) + weights[-1]
    return _sigmoid(z)


def faithfulness_score(
    summary: str, source: str, lang: str | None = None, weights: Sequence[float] = DEFAULT_WEIGHTS
) -> float:
    """How faithful ``summary`` is to ``source``, 0..1 (threshold: ``DEFAULT_THRESHOLD``)."""
    return score_features(features(summary, source, lang), weights)


def entity_overlap(summary: str, source: str, lang: str | None = None) -> float:
    """Baseline: share of the summary's names and numbers found in the source (1.0 if none)."""
    ents = names(summary)
    nums = numbers(summary)
    if not ents and not nums:
        return 1.0
    src_lower = source.lower()
    src_nums = numbers(source)
    found = sum(e.lower() in src_lower for e in ents) + sum(n in src_nums for n in nums)
    return found / (len(ents) + len(nums))


# -- agreement with human labels ----------------------------------------------------------------
def fit_weights(
    x: Sequence[Sequence[float]], y: Sequence[int], l2: float = 1e-3, steps: int = 30
) -> tuple[float, ...]:
    """Fit logistic-regression weights (features..., intercept) with a class-balanced loss.

    Newton's method in numpy: deterministic, a handful of features and a few thousand rows, not
    worth a scikit-learn dependency.
    """
    xa = np.hstack([np.asarray(x, dtype=float), np.ones((len(x), 1))])
    ya = np.asarray(y, dtype=float)
    pos, neg = max(1.0, ya.sum()), max(1.0, len(ya) - ya.sum())
    sample_w = np.where(ya == 1, 0.5 / pos, 0.5 / neg)
    reg = l2 * np.eye(xa.shape[1])
    reg[-1, -1] = 0.0  # the intercept is not regularised
    w = np.zeros(xa.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(xa @ w, -50, 50)))
        grad = xa.T @ ((p - ya) * sample_w) + reg @ w
        hess = (xa * (sample_w * p * (1 - p))[:, None]).T @ xa + reg
        w = w - np.linalg.solve(hess, grad)
    return tuple(round(float(v), 4) for v in w)


def balanced_accuracy(scores: Sequence[float], labels: Sequence[int], threshold: float) -> float:
    """Mean of the recall of faithful (score >= threshold) and unfaithful summaries."""
    tp = sum(s >= threshold and y == 1 for s, y in zip(scores, labels, strict=True))
    tn = sum(s < threshold and y == 0 for s, y in zip(scores, labels, strict=True))
    p = sum(y == 1 for y in labels)
    n = len(labels) - p
    if not p or not n:
        return float("nan")
    return 0.5 * (tp / p + tn / n)


def best_threshold(scores: Sequence[float], labels: Sequence[int]) -> float:
    """The threshold that maximises balanced accuracy on (calibration) data."""
    cands = sorted(set(scores))
    if not cands:
        return DEFAULT_THRESHOLD
    mids = [cands[0] - 1e-9] + [(a + b) / 2 for a, b in pairwise(cands)]
    mids.append(cands[-1] + 1e-9)
    return max(mids, key=lambda t: (balanced_accuracy(scores, labels, t), -abs(t - 0.5)))


def split_half(group: str) -> str:
    """'calibration' or 'test', from a hash of the group key (document), so no document leaks."""
    return "calibration" if hashlib.md5(group.encode()).digest()[0] % 2 == 0 else "test"
