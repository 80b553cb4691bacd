"""Extractive sentence selection: which sentences of an article matter most (multilingual, fast).

Centrality in the TextRank/LexRank family: sentences are TF-IDF vectors over Unicode word tokens
(character bigrams for scripts written without spaces), scored by PageRank over their cosine
similarity graph, blended with a mild lead prior (news puts the key facts first).  Runs in
milliseconds for news-length articles; very long inputs use similarity to the document centroid
(linear time) instead of the quadratic graph.  It never rewrites a sentence: it only picks them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import regex

from ..cleanup.lexicon import function_words
from .text import Sentence, count_words, split_sentences

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_DENSE = regex.compile(r"^[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}]+$")
GRAPH_MAX_SENTENCES = 400  # above this, centroid similarity (O(n)) replaces PageRank (O(n^2))
LEAD_WEIGHT = 0.25  # share of the score given to position; the rest is centrality


def _terms(sentence: str, stop: frozenset[str]) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(sentence.lower()):
        if _DENSE.match(tok):
            out.extend(tok[i : i + 2] for i in range(max(1, len(tok) - 1)))
        elif (tok not in stop and not tok.isdigit()) or (len(tok) >= 3 and tok.isdigit()):
            out.append(tok)
    return out


def centrality(sentences: Sequence[str], lang: str | None = None) -> np.ndarray:
    """Centrality score per sentence (sums to 1; uniform when nothing can be compared)."""
    n = len(sentences)
    if n == 0:
        return np.zeros(0)
    stop = function_words(lang)
    bags = [Counter(_terms(s, stop)) for s in sentences]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    vocab = {t: i for i, t in enumerate(df)}
    if not vocab:
        return np.full(n, 1.0 / n)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab])
    mat = np.zeros((n, len(vocab)))
    for row, bag in enumerate(bags):
        for t, c in bag.items():
            mat[row, vocab[t]] = (1.0 + math.log(c)) * idf[vocab[t]]
    norms = np.linalg.norm(mat, axis=1)
    norms[norms == 0] = 1.0
    mat /= norms[:, None]
    if n > GRAPH_MAX_SENTENCES:
        centroid = mat.sum(axis=0)
        scores = mat @ centroid
        scores = np.clip(scores, 0, None)
    else:
        sim = mat @ mat.T
        np.fill_diagonal(sim, 0.0)
        scores = _pagerank(sim)
    total = scores.sum()
    return scores / total if total > 0 else np.full(n, 1.0 / n)


def _pagerank(sim: np.ndarray, damping: float = 0.85, iters: int = 50) -> np.ndarray:
    n = sim.shape[0]
    out = sim.sum(axis=1)
    # Isolated sentences (no shared term) jump uniformly, like a dangling page.
    trans = np.where(out[:, None] > 0, sim / np.where(out[:, None] > 0, out[:, None], 1), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(iters):
        new = (1 - damping) / n + damping * trans.T @ rank
        if np.abs(new - rank).sum() < 1e-8:
            return new
        rank = new
    return rank


def salience(sentences: Sequence[str], lang: str | None = None) -> np.ndarray:
    """Centrality blended with a lead prior; higher means more worth keeping."""
    n = len(sentences)
    if n == 0:
        return np.zeros(0)
    c = centrality(sentences, lang)
    c = c / c.max() if c.max() > 0 else c
    lead = 1.0 / np.sqrt(1.0 + np.arange(n))
    # Headings and fragments (a few words, no verb-bearing length) are weak brief material.
    short = np.array([count_words(s) < 5 for s in sentences], dtype=float)
    return ((1 - LEAD_WEIGHT) * c + LEAD_WEIGHT * lead) * (1.0 - 0.5 * short)


def select_within_budget(
    sentences: Sequence[str],
    budget: int,
    cost: Callable[[str], int],
    lang: str | None = None,
    scores: np.ndarray | None = None,
) -> list[int]:
    """Indices (in text order) of the most salient sentences whose total ``cost`` fits ``budget``.

    Sentences are taken best first; one that does not fit is skipped and smaller ones are still
    tried, so the budget is used without ever cutting a sentence.
    """
    if scores is None:
        scores = salience(sentences, lang)
    chosen: list[int] = []
    used = 0
    for i in sorted(range(len(sentences)), key=lambda k: (-scores[k], k)):
        c = cost(sentences[i])
        if used + c <= budget:
            chosen.append(i)
            used += c
    return sorted(chosen)


def extractive_brief(
    text: str,
    lang: str | None = None,
    max_words: int = 60,
    max_sentences: int | None = 3,
    sentences: list[Sentence] | None = None,
) -> tuple[str, list[int]]:
    """The best sentences of ``text`` in text order within the length; their indices too.

    Always returns at least one sentence (cut to ``max_words`` if it alone is longer) unless the
    text has none.
    """
    sents = sentences if sentences is not None else split_sentences(text)
    if not sents:
        return "", []
    texts = [s.text for s in sents]
    scores = salience(texts, lang)
    chosen: list[int] = []
    used = 0
    for i in sorted(range(len(texts)), key=lambda k: (-scores[k], k)):
        if max_sentences is not None and len(chosen) >= max_sentences:
            break
        n = count_words(texts[i])
        if n < 5 and len(texts) > 1:
            continue  # headings say little on their own
        if used + n <= max_words:
            chosen.append(i)
            used += n
    if not chosen:
        from .text import trim_to_length

        best = int(np.argmax(scores))
        return trim_to_length(texts[best], max_words=max_words), [best]
    chosen.sort()
    return " ".join(texts[i] for i in chosen), chosen
