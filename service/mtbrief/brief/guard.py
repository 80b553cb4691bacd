"""The faithfulness guard: every name and number in a brief must be supported by the cleaned
source, and names are written in the cleanup's canonical spellings.

Checks, per brief:

* names - in cased scripts, every word with a capital letter that is not an ordinary
  sentence-initial word must occur in the source: exactly, inflected (a shared stem: "Iran" /
  "Iranian", "Иран" / "Ирана"), or as a spelling variant (rapidfuzz ratio on a transliterated,
  case-folded form: "al-Asad" / "al-Assad").  In caseless scripts written with spaces (Arabic,
  Hebrew ...) rare words (low wordfreq frequency) absent from the source count as names.
* numbers - every number (digits or words, any scale or percent form) must have a value the
  source states (see :mod:`mtbrief.brief.numbers`).

Before checking, variants are rewritten to canonical names (the cleanup's ``name_map``, then the
source's own spelling for fuzzy matches): Kani, never Kenny.  The guard only reads and reports;
choosing what to do about an unsupported span (retry, remove, extract) is the pipeline's job.
It must never add a word to a brief.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import regex
from rapidfuzz import fuzz, process
from unidecode import unidecode

from ..cleanup.lexicon import base_lang, function_words, zipf
from .numbers import find_numbers, number_values
from .result import UnsupportedSpan
from .text import split_sentences

_TOKEN = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{M}\p{N}]+)*")
_POSSESSIVE = regex.compile(r"['’]s$|['’]$")
_CASED = frozenset({"Latin", "Cyrillic", "Greek", "Armenian", "Georgian"})
_SPACED_CASELESS = frozenset({"Arabic", "Hebrew", "Devanagari", "Bengali", "Tamil", "Ethiopic",
                              "Hangul"})
FUZZY_MIN = 85.0  # rapidfuzz ratio for two spellings of one name (al-Asad / al-Assad: 88.9)
# A sentence-initial capitalised word is an ordinary word when it is a stopword or this frequent
# (names reach zipf 4-5: Kenny 4.0, Putin 4.1, Iran 4.6; "however" is 5.6, "after" 6.1).
COMMON_ZIPF = 5.0
# In caseless scripts a word the source lacks counts as a name below this frequency (Arabic
# "Putin" is 4.2; everyday verbs and nouns are above 4.5).
RARE_ZIPF = 4.5
MIN_SUBSTRING = 4  # "Assad" within "al-Assad", "الهجوم" within "والهجوم" (clitics)


def fold(token: str) -> str:
    """Comparison key: possessive dropped, transliterated to ASCII, lower-cased, letters only."""
    token = _POSSESSIVE.sub("", token)
    return regex.sub(r"[^a-z0-9]", "", unidecode(token).lower())


@dataclass
class SourceIndex:
    """What a source supports, built once per cleaned article."""

    text: str
    lang: str | None = None
    script: str | None = None
    name_map: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def tokens(self) -> set[str]:
        out = {fold(t) for t in _TOKEN.findall(self.text)}
        for variant, canonical in self.name_map.items():
            out.update(fold(t) for t in _TOKEN.findall(f"{variant} {canonical}"))
        out.discard("")
        return out

    @cached_property
    def prefixes(self) -> set[str]:
        """Stems of source words (each word less up to 3 final letters, at least 4 kept)."""
        return {t[:k] for t in self.tokens for k in range(max(4, len(t) - 3), len(t) + 1)}

    @cached_property
    def spellings(self) -> dict[str, str]:
        """Folded key -> most frequent written form of source names (capitalised words; every
        word in caseless scripts)."""
        cased = self.script in _CASED
        counts: Counter[str] = Counter(
            _POSSESSIVE.sub("", t) for t in _TOKEN.findall(self.text) if not cased or _has_upper(t)
        )
        out: dict[str, str] = {}
        for written, _ in counts.most_common():
            out.setdefault(fold(written), written)
        return out

    @cached_property
    def numbers(self) -> set[float]:
        return number_values(self.text, self.lang)

    def supports_word(self, token: str) -> tuple[bool, str | None]:
        """(supported?, source spelling to use instead when it is a spelling variant)."""
        key = fold(token)
        if not key or key in self.tokens:
            return True, None
        if key in self.prefixes or any(
            key[:k] in self.tokens for k in range(max(4, len(key) - 3), len(key))
        ):
            return True, None
        if len(key) >= MIN_SUBSTRING and any(
            key in t or (len(t) >= MIN_SUBSTRING and t in key) for t in self.tokens
        ):
            return True, None
        match = process.extractOne(
            key, list(self.spellings), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN
        )
        if match and match[0][:1] == key[:1]:
            return True, self.spellings[match[0]]
        # Compounds ("US-backed", "Iranian-led"): each capitalised part must be supported.
        parts = [p for p in regex.split(r"[-‐‑]", token) if p]
        if len(parts) > 1:
            named = [p for p in parts if _has_upper(p)] if self.script in _CASED else parts
            return all(self.supports_word(p)[0] for p in named), None
        return False, None


@dataclass
class GuardCheck:
    """The brief after canonical renaming, what was renamed, and what is still unsupported."""

    text: str
    renamed: dict[str, str]
    unsupported: list[UnsupportedSpan]
    checks: list[str]


def _has_upper(token: str) -> bool:
    return any(c.isupper() for c in token)


def _word_re(word: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){regex.escape(word)}(?![\p{{L}}\p{{M}}])")


def canonicalize(brief: str, source: SourceIndex) -> tuple[str, dict[str, str]]:
    """Rewrite name variants in ``brief`` to the source's canonical spelling."""
    renamed: dict[str, str] = {}
    # Longest variants first, so "Ali Baqer Kenny" is rewritten before "Kenny".
    for variant, canonical in sorted(source.name_map.items(), key=lambda kv: -len(kv[0])):
        if not variant or variant == canonical:
            continue
        pattern = _word_re(variant)
        if pattern.search(brief):
            brief = pattern.sub(canonical, brief)
            renamed[variant] = canonical
    if source.script in _CASED:
        for m in list(_TOKEN.finditer(brief)):
            token = _POSSESSIVE.sub("", m.group())
            if not _has_upper(token) or fold(token) in source.tokens:
                continue
            ok, spelling = source.supports_word(token)
            if ok and spelling and spelling != token and fold(spelling) != fold(token):
                brief = _word_re(token).sub(spelling, brief)
                renamed[token] = spelling
    return brief, renamed


@lru_cache(maxsize=64)
def _stopwords(lang: str | None) -> frozenset[str]:
    """The full stopwords-iso list (sentence-initial "Meanwhile" is no name even if rare)."""
    import stopwordsiso

    code = base_lang(lang)
    if not code or not stopwordsiso.has_lang(code):
        return frozenset()
    return frozenset(stopwordsiso.stopwords(code))


def _name_candidates(brief: str, source: SourceIndex, lang: str | None) -> list[tuple[int, int]]:
    stop = _stopwords(lang) | function_words(lang)
    out: list[tuple[int, int]] = []
    script = source.script
    for sentence in split_sentences(brief):
        for k, m in enumerate(_TOKEN.finditer(sentence.text)):
            token = _POSSESSIVE.sub("", m.group())
            start = sentence.start + m.start()
            if script in _CASED:
                if not _has_upper(token) or len(fold(token)) < 2:
                    continue
                low = token.lower()
                if k == 0 and (low in stop or zipf(low, lang) >= COMMON_ZIPF):
                    continue
            elif script in _SPACED_CASELESS:
                if len(token) < 3 or zipf(token, lang) >= RARE_ZIPF:
                    continue
            else:  # scripts without spaces: no reliable word boundaries, numbers only
                continue
            if not source.supports_word(token)[0]:
                out.append((start, start + len(token)))
    return out


def check(brief: str, source: SourceIndex, lang: str | None = None) -> GuardCheck:
    """Rename variants to canonical names, then list the brief's unsupported names and numbers.

    ``lang`` is the brief's language; names are only checked when it is the source's (names
    change spelling across languages and scripts), numbers always are.
    """
    lang = lang or source.lang
    text, renamed = canonicalize(brief, source)
    sentences = split_sentences(text)

    def sentence_of(pos: int) -> int:
        for s in sentences:
            if s.start <= pos < s.end:
                return s.index
        return max(0, len(sentences) - 1)

    spans: list[UnsupportedSpan] = []
    checks = ["numbers"]
    if lang == source.lang or source.lang is None:
        checks.insert(0, "names")
        merged: list[list[int]] = []
        for start, end in _name_candidates(text, source, lang):
            # Adjacent unsupported words ("Jean Dupont") form one span.
            if merged and regex.fullmatch(r"[\s\-]*", text[merged[-1][1] : start]):
                merged[-1][1] = end
            else:
                merged.append([start, end])
        spans += [
            UnsupportedSpan(text=text[s:e], kind="name", start=s, end=e, sentence=sentence_of(s))
            for s, e in merged
        ]
    for n in find_numbers(text, lang):
        if n.spelled and n.values <= {0.0, 1.0}:
            continue  # "one", "un", "ein" are as often articles or pronouns as numbers
        if not (n.values & source.numbers):
            spans.append(
                UnsupportedSpan(
                    text=n.text, kind="number", start=n.start, end=n.end,
                    sentence=sentence_of(n.start),
                )
            )
    spans.sort(key=lambda s: s.start)
    return GuardCheck(text=text, renamed=renamed, unsupported=spans, checks=checks)


def remove_sentences(brief: str, spans: list[UnsupportedSpan]) -> str:
    """``brief`` without the sentences that hold any of ``spans``."""
    bad = {s.sentence for s in spans}
    return " ".join(s.text for s in split_sentences(brief) if s.index not in bad)
