"""Sentences and words for the brief stage: a Unicode sentence splitter with character offsets,
word counting for any script, and trimming a brief to whole sentences within a length.

Hand-written because no installed library splits sentences in every language without data files
(nltk's punkt needs a download, pysbd is per-language rules); this splitter only needs Unicode
character classes.  It must never change the text it splits: spans point into the input.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# A sentence ends at terminal punctuation (Latin, Arabic, Devanagari, CJK ...), optionally
# followed by closing quotes/brackets, then whitespace; or at a line break.
_END = regex.compile(
    r"""(?<=[.!?…。！？؟۔।‼⁉](?:["'”’»)\]]*))\s+(?=\S)|(?<=[。！？])(?=\S)|\s*\n+\s*"""
)
# Tokens that end in a period but rarely end a sentence: a single letter ("J.", "U.S."),
# and a few titles shared by many Latin-script languages.
ABBREVIATION = regex.compile(
    r"(?:\b\p{L}|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Gen|Col|Lt|Sgt|Gov|Sen|Rep|No|vs|etc|approx|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Co|Corp|Mt|Ft|Hr|Hrs|Dept|Mme|Mlle|"
    r"Sr|Sra|Hr|Fr|Nr|Abs|bzw|ca|Dr|Nr|ul|im|г|гг|им|т|ст))\.$"
)
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")
# Scripts written without spaces: count characters, not space-separated words.
_DENSE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: its index, character span, and text (``text[start:end]``)."""

    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; offsets point into ``text`` and whitespace is dropped.

    >>> [s.text for s in split_sentences("Dr. Kay met U.S. envoys. They left!\\nNext line")]
    ['Dr. Kay met U.S. envoys.', 'They left!', 'Next line']
    """
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        piece = text[start : m.start()]
        # Keep abbreviations and lowercase continuations inside the sentence (only for breaks
        # that are not line breaks).
        if "\n" not in m.group() and piece:
            last = piece.split()[-1] if piece.split() else ""
            nxt = text[m.end() : m.end() + 1]
            if ABBREVIATION.search(last) or (nxt.islower() and nxt.isalpha()) or nxt.isdigit():
                continue
        _append(out, text, start, m.start())
        start = m.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        out.append(Sentence(len(out), s, s + len(stripped), stripped))


def words(text: str) -> list[str]:
    """Word tokens (letters, marks and digits, with inner apostrophes and hyphens)."""
    return _WORD.findall(text)


def count_words(text: str) -> int:
    """Words in ``text``; in scripts written without spaces, two characters count as a word."""
    dense = len(_DENSE.findall(text))
    rest = _DENSE.sub(" ", text) if dense else text
    # A word is a whitespace-separated chunk holding a letter or digit ("U.S.-backed" is one).
    spaced = sum(1 for chunk in rest.split() if _HAS_WORD.search(chunk))
    return spaced + (dense + 1) // 2


def trim_to_length(
    text: str, max_words: int | None = None, max_sentences: int | None = None
) -> str:
    """Keep whole sentences of ``text`` while they fit ``max_words`` and ``max_sentences``.

    When even the first sentence is longer than ``max_words`` it is cut at the last clause
    boundary (comma, semicolon, colon, dash) that fits, else at a word boundary, and ends in "…".
    """
    sentences = split_sentences(text)
    kept: list[str] = []
    total = 0
    for s in sentences:
        n = count_words(s.text)
        if max_sentences is not None and len(kept) >= max_sentences:
            break
        if max_words is not None and total + n > max_words:
            if not kept:
                kept.append(_cut_sentence(s.text, max_words))
            break
        kept.append(s.text)
        total += n
    return " ".join(kept)


def _cut_sentence(sentence: str, max_words: int) -> str:
    ends = [m.end() for m in _WORD.finditer(sentence)]
    if not ends or max_words <= 0:
        return ""
    cut = ends[min(max_words, len(ends)) - 1]
    head = sentence[:cut]
    clause = max(head.rfind(c) for c in (",", ";", ":", " –", " —", "،", "，"))
    if clause > len(head) // 2:
        head = head[:clause]
    return head.rstrip(" ,;:–—،，") + "…"
