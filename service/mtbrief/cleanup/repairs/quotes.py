"""Repair quotation marks and punctuation spacing that machine translation broke.

Three artifacts, all from MT systems re-assembling text around quotes and links:

* a *turned* closing quote: the opening glyph used to close a quote,
  ``“Islamic Resistance in Iraq“By`` -> ``“Islamic Resistance in Iraq” By``;
* a closing quote glued to the next word (``"folly"And`` -> ``"folly" And``,
  ``self-defense,”while`` -> ``self-defense,” while``) or an opening quote glued to the word
  before it (``themselves“Islamic`` -> ``themselves “Islamic``);
* a space inserted before ``, . ; : ! ?`` (``Iraq , Syria`` -> ``Iraq, Syria``).

Quotes are tracked per paragraph (line) with a small stack, so each language's own conventions are
legitimate and left alone: German ``„…“`` (there “ *closes*), Polish ``„…”``, Swedish ``”…”``,
French and Russian ``«…»``, German ``»…«``.  French typography (a space before ``; : ! ?`` and
inside guillemets) is kept for French text.  Nothing here is a library feature: ftfy's
``uncurl_quotes`` goes the other way (curly -> straight) and no quote fixer tracks pairs.

This repair must never: turn curly quotes into straight ones (or back), change the case of a
letter (``link_capitals`` lower-cases "By" later), touch single quotes or apostrophes, or touch a
line whose quotes it cannot pair.
"""

from __future__ import annotations

import re
from typing import ClassVar

from .. import lexicon
from ..document import Document, Proposal

_QUOTE = re.compile('["“”„«»]')
# Space (plain, no-break, narrow no-break) before punctuation that ends a clause.  The mark must be
# followed by a space, the end of the line or a closing quote, so ".NET", "...", "?!" stay.
_SPACE_BEFORE_PUNCT = re.compile(
    r"(?<=[^\W_]|[”\"»’')\]])(?P<space>[ \u00a0\u202f]+)(?P<mark>[,.;:!?])"
    r"(?=$|[\s”\"»’'])",
    re.M,
)
# Marks that French typography spaces before; they are left alone in French text.
FRENCH_SPACED = frozenset(";:!?")
# Languages whose typography puts a space before ; : ! ? (French, and Breton which follows it).
SPACED_PUNCT_LANGS = frozenset({"fr", "br"})
# Languages that attach case endings to a quoted word ('"kukla"ten', Finnish '"Nokia":n');
# a lower-case letter after a closing quote is no glued word there.  (Typology, not a library.)
QUOTE_SUFFIX_LANGS = frozenset({"tr", "az", "uz", "kk", "ky", "tk", "tt", "ba", "fi", "et", "hu"})

_OPENERS = {"“": "”", "„": "“”", "«": "»", "»": "«", "”": "”"}  # opener -> glyphs that close it


class QuoteRepair:
    """Fix turned and glued quotation marks and spaces before punctuation."""

    name: ClassVar[str] = "quotes"
    kind: ClassVar[str] = "quote"
    scripts: ClassVar[frozenset[str] | None] = frozenset({"Latin", "Cyrillic"})

    def propose(self, doc: Document) -> list[Proposal]:
        text = doc.text
        if not text:
            return []
        out: list[Proposal] = []
        offset = 0
        suffixing = lexicon.base_lang(doc.lang) in QUOTE_SUFFIX_LANGS
        for line in text.split("\n"):
            if _QUOTE.search(line):
                out.extend(_line_quotes(line, offset, suffixing))
            offset += len(line) + 1
        out.extend(_punct_spacing(text, _french(doc)))
        return out


def _french(doc: Document) -> bool:
    """French typography: by language, or by guillemets with inner spaces ("« Non »")."""
    if lexicon.base_lang(doc.lang) in SPACED_PUNCT_LANGS:
        return True
    return bool(re.search("«[ \u00a0\u202f]", doc.text[:5000]))


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_word(ch: str) -> bool:
    return ch.isalpha() or ch.isdigit()


def _closing_position(prev: str) -> bool:
    """A quote right after a word or punctuation mark (not after a space or bracket) closes."""
    return not _is_space(prev) and prev not in "([{—–-"


def _line_quotes(line: str, base: int, suffixing: bool = False) -> list[Proposal]:
    """Pair the double quotes of one line; propose fixes for turned and glued ones.

    ``suffixing``: the language attaches case endings to a quotation ('"kukla"ten'), so only a
    capital letter right after a closing quote counts as a glued word.
    """
    out: list[Proposal] = []
    marks = [(m.start(), m.group()) for m in _QUOTE.finditer(line)]
    straight_even = sum(1 for _, q in marks if q == '"') % 2 == 0
    stack: list[tuple[str, bool]] = []  # (opener glyph, opened cleanly after a space)
    for k, (i, q) in enumerate(marks):
        prev = line[i - 1] if i else ""
        nxt = line[i + 1] if i + 1 < len(line) else ""
        top = stack[-1][0] if stack else None
        if q == '"':
            if top == '"':
                clean = stack.pop()[1]
                glued = _glued_after(line, i, suffixing)
                if straight_even and clean and _closing_position(prev) and glued:
                    out.append(_space_after(base + i, q, line, i))
            else:
                stack.append((q, _is_space(prev) or prev in "([{—–-"))
            continue
        if top is not None and q in _OPENERS.get(top, ""):
            stack.pop()
            if _closing_position(prev) and _glued_after(line, i, suffixing):
                out.append(_space_after(base + i, q, line, i))
            continue
        later = marks[k + 1][1] if k + 1 < len(marks) else None
        if q == "“" and top == "“" and _closing_position(prev) and later != "”":
            # The opening glyph closing a quote the same glyph opened: a turned closing quote.
            stack.pop()
            glued = _glued_after(line, i, suffixing)
            out.append(
                Proposal(
                    start=base + i,
                    end=base + i + 1,
                    replacement="” " if glued else "”",
                    reason=(
                        "the opening quote “ was used to close a quote"
                        + (" and glued to the next word" if glued else "")
                    ),
                    confidence=0.9,
                )
            )
            continue
        if q in "“«" and prev.isalpha() and nxt.isalpha() and not stack:
            # An opening quote glued to the word before it ("themselves“Islamic"), when the next
            # quote on the line is the one that closes it.
            if later is not None and later in _OPENERS[q] and later != q:
                out.append(
                    Proposal(
                        start=base + i,
                        end=base + i + 1,
                        replacement=" " + q,
                        reason=f"the opening quote {q} was glued to the word before it",
                        confidence=0.8,
                    )
                )
        if q == "”" and _closing_position(prev):
            continue  # a stray closing quote: nothing open to pair it with, leave it
        stack.append((q, True))
    return out


def _glued_after(line: str, i: int, suffixing: bool = False) -> bool:
    """A letter follows the quote directly, starting a real word.

    A lone lower-case Latin letter is not taken for a word ('the "A"s', '"Times"s'); a lone
    Cyrillic one is (Russian "и", "в", "с" are words).
    """
    j = i + 1
    if j >= len(line) or not line[j].isalpha():
        return False
    if suffixing and not line[j].isupper():
        return False
    k = j
    while k < len(line) and line[k].isalpha():
        k += 1
    return k - j >= 2 or line[j].isupper() or "\u0400" <= line[j] <= "\u04ff"


def _space_after(pos: int, q: str, line: str, i: int) -> Proposal:
    word = re.match(r"[^\W\d_]+", line[i + 1 :])
    return Proposal(
        start=pos,
        end=pos + 1,
        replacement=q + " ",
        reason=f"closing quote {q} was glued to the next word '{word.group() if word else ''}'",
        confidence=0.9,
    )


def _punct_spacing(text: str, french: bool) -> list[Proposal]:
    out = []
    for m in _SPACE_BEFORE_PUNCT.finditer(text):
        mark = m.group("mark")
        if french and mark in FRENCH_SPACED:
            continue
        start, end = m.start(), m.end()
        after = text[end : end + 2]
        if mark == ":" and after[1:2].isdigit():
            continue  # "2 : 1", "10 : 30", "VIP : 60,000": scores, times, price lists
        out.append(
            Proposal(
                start=start,
                end=end,
                replacement=mark,
                reason=f"a space before '{mark}' that machine translation inserted",
                confidence=0.85,
            )
        )
    return out
