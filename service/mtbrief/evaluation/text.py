"""Unicode-aware tokenisation, sentence splitting and detokenisation shared by the metrics.

Why not rouge-score's tokenizer: it keeps only ``[a-z0-9]``, so an Arabic, Russian or Chinese
summary has no tokens and scores 0.  Here a token is a run of letters, marks and digits in any
script (``\\p{L}\\p{M}\\p{N}``), except in scripts written without spaces between words (Han,
Hiragana, Katakana, Thai, Lao, Khmer, Myanmar), where each character (with its combining marks)
is a token, as in the usual character-level ROUGE for Chinese.  On English this gives exactly
rouge-score's tokens (lower-cased, punctuation dropped), so scores agree with it.

This module must never touch the network or depend on a model: it is pure text processing.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Scripts written without spaces between words: scored per character.
_CHAR_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
TOKEN_RE = regex.compile(
    rf"(?:[{_CHAR_SCRIPTS}]\p{{M}}*)|[[\p{{L}}\p{{M}}\p{{N}}]--[{_CHAR_SCRIPTS}]]+",
    regex.V1,
)

# Snowball stemmers by ISO 639-1 code ("porter" for English, to match rouge-score's stemmer).
_STEMMERS = {
    "en": "porter", "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan",
    "cs": "czech", "da": "danish", "nl": "dutch", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}


@lru_cache(maxsize=64)
def _stemmer(lang: str | None):
    if not lang:
        return None
    name = _STEMMERS.get(lang.split("-")[0].lower())
    if name is None:
        return None
    try:
        import snowballstemmer
    except ImportError:  # optional: without it, tokens are simply not stemmed
        return None
    return snowballstemmer.stemmer(name)


def tokenize(text: str, lang: str | None = None, stem: bool = False) -> list[str]:
    """Lower-cased word tokens of ``text`` in any script (characters for Chinese, Thai, ...).

    With ``stem=True`` and a Snowball stemmer for ``lang``, tokens longer than 3 characters are
    stemmed (rouge-score's rule); other languages are left unstemmed.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    tokens = TOKEN_RE.findall(text)
    if stem and _stemmer(lang) is not None:
        tokens = [_stem(t, lang) if len(t) > 3 else t for t in tokens]
    return tokens


@lru_cache(maxsize=200_000)
def _stem(token: str, lang: str | None) -> str:
    return _stemmer(lang).stemWord(token)


_SENT_END = regex.compile(
    r"(?<=[.!?…。！？؟।]['\"”’»)\]]*)\s+(?=\S)|(?<=[。！？])(?=\S)|\n+",
)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at ., !, ?, … (and their CJK/Arabic/Devanagari forms) or newlines.

    Deliberately simple and language-agnostic: used for lead-k baselines and for matching summary
    sentences to source sentences, where an occasional wrong split costs little.
    """
    parts = (p.strip() for p in _SENT_END.split(text))
    return [p for p in parts if p]


_PTB_FIXES = (
    (regex.compile(r"\s+([.,;:!?%)\]}])"), r"\1"),
    (regex.compile(r"([(\[{$£€#])\s+"), r"\1"),
    (regex.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", regex.I), r"\1"),
    (regex.compile(r"``\s*"), "“"),
    (regex.compile(r"\s*''"), "”"),
    (regex.compile(r"\s+'\s*$"), "'"),
    (regex.compile(r"-LRB-\s*"), "("),
    (regex.compile(r"\s*-RRB-"), ")"),
)


def detokenize_ptb(text: str) -> str:
    """Undo Penn-Treebank tokenisation ("Chelsea 's offer ." -> "Chelsea's offer.").

    SummEval's CNN/DM texts come PTB-tokenised; the cleanup and brief stages expect running text.
    Handles the common cases only; no library for this ships in our dependencies.
    """
    for rx, repl in _PTB_FIXES:
        text = rx.sub(repl, text)
    return regex.sub(r"[ \t]{2,}", " ", text).strip()


def whitespace_tokens(text: str) -> list[str]:
    """Whitespace tokens, case and punctuation kept (the unit of cleanup edit distance)."""
    return text.split()
