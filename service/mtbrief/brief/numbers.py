"""Numbers in running text: digits in any script, with thousands separators, decimals, percent
signs and scale words ("£200million", "1,5 Mrd"), and number words in the text's language
("eight", "huit", "восемь"), read as sets of plausible values.

Used by the faithfulness guard to ask "does the source state this number?".  A mention yields
every value it may mean ("1,500" is 1500 in English and 1.5 in German; "5 million" is 5 and
5,000,000), so comparison never depends on guessing a locale.  Number words come from
num2words, which spells numbers in ~50 languages; we invert its output instead of hand-writing
word lists.  Nothing here rounds or estimates: "about 200" is 200.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..cleanup.lexicon import base_lang

# Scale abbreviations num2words does not produce (it spells full words only).
_SCALE_ABBREV: dict[str, float] = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "млн": 1e6, "b": 1e9, "bn": 1e9,
    "mld": 1e9, "mrd": 1e9, "млрд": 1e9, "tn": 1e12, "trn": 1e12, "тыс": 1e3,
}
_DIGITS = regex.compile(
    r"(?<![\p{L}\p{N}])(\p{Nd}+(?:[.,٫٬\u00a0\u202f']\p{Nd}+)*)"
    r"(?:(\s?(?:%|٪|‰))|\s?([\p{L}]+)(?![\p{L}]))?"
)
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_MAX_PHRASE = 4


@dataclass(frozen=True)
class NumberMention:
    """A number as written (``text[start:end]``) and every value it may stand for."""

    text: str
    start: int
    end: int
    values: frozenset[float]
    spelled: bool = False


def _digit_values(raw: str) -> set[float]:
    seps = [c for c in raw if not c.isdigit()]
    plain = "".join(str(int(c)) if c.isdigit() else c for c in raw)  # any script's digits
    if not seps:
        return {float(plain)}
    out: set[float] = set()
    # Reading 1: every separator groups thousands.
    groups = regex.split(r"[^\d]", plain)
    if all(len(g) == 3 for g in groups[1:]):
        out.add(float("".join(groups)))
    # Reading 2: the last separator is a decimal point, earlier ones group thousands.
    head, _, tail = plain.rpartition(seps[-1])
    head_groups = regex.split(r"[^\d]", head)
    if all(len(g) == 3 for g in head_groups[1:]):
        out.add(float("".join(head_groups) + "." + tail))
    if not out:  # e.g. a date or version "31.07.2024": read each group on its own
        out.update(float(g) for g in groups if g)
    return out


@lru_cache(maxsize=64)
def _lexicon(lang: str | None) -> tuple[dict[tuple[str, ...], float], dict[str, float]]:
    """(phrase tokens -> value, scale word -> multiplier) for ``lang`` from num2words."""
    phrases: dict[tuple[str, ...], float] = {}
    scales: dict[str, float] = dict(_SCALE_ABBREV)
    code = base_lang(lang) or "en"
    try:
        from num2words import num2words

        num2words(2, lang=code)
    except (ImportError, NotImplementedError, OverflowError, KeyError, TypeError):
        return phrases, scales
    for value in [*range(0, 101), *range(200, 1000, 100)]:
        try:
            spelled = num2words(value, lang=code)
        except Exception:
            continue
        key = tuple(_WORD.findall(spelled.lower()))
        if key and len(key) <= _MAX_PHRASE:
            phrases.setdefault(key, float(value))
    for scale in (1e3, 1e6, 1e9, 1e12):
        try:
            words = _WORD.findall(num2words(int(scale), lang=code).lower())
        except Exception:
            continue
        if words:
            scales.setdefault(words[-1], scale)
    if code == "en":  # British and American spellings of the percent word are both common
        scales.pop("per", None)
    return phrases, scales


def find_numbers(text: str, lang: str | None = None, spelled: bool = True) -> list[NumberMention]:
    """Every number mentioned in ``text`` (digits, and number words when ``spelled``)."""
    phrases, scales = _lexicon(lang)
    out: list[NumberMention] = []
    for m in _DIGITS.finditer(text):
        values = _digit_values(m.group(1))
        end = m.end(1)
        if m.group(2):
            end = m.end(2)
        word = (m.group(3) or "").lower()
        scale = scales.get(word)
        if scale:
            values |= {v * scale for v in values}
            end = m.end(3)
        elif word and not m.group(2):
            # "£200million" style glue was handled above; any other word is not part of the number
            pass
        out.append(NumberMention(text[m.start(1) : end], m.start(1), end, frozenset(values)))
    if spelled and phrases:
        out.extend(_spelled(text, phrases, scales))
    out.sort(key=lambda n: n.start)
    return out


def _spelled(
    text: str, phrases: dict[tuple[str, ...], float], scales: dict[str, float]
) -> list[NumberMention]:
    toks = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    out: list[NumberMention] = []
    i = 0
    while i < len(toks):
        hit = None
        for n in range(min(_MAX_PHRASE, len(toks) - i), 0, -1):
            key = tuple(t for t, _, _ in toks[i : i + n])
            if key in phrases:
                hit = (n, phrases[key])
                break
        if hit is None:
            i += 1
            continue
        n, value = hit
        start, end = toks[i][1], toks[i + n - 1][2]
        values = {value}
        if i + n < len(toks) and toks[i + n][0] in scales:
            values.add(value * scales[toks[i + n][0]])
            end = toks[i + n][2]
            n += 1
        out.append(NumberMention(text[start:end], start, end, frozenset(values), spelled=True))
        i += n
    return out


def number_values(text: str, lang: str | None = None) -> set[float]:
    """All values the numbers in ``text`` may stand for."""
    out: set[float] = set()
    for mention in find_numbers(text, lang):
        out |= mention.values
    return out
