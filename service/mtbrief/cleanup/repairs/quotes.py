"""Repair quotation marks and punctuation spacing that machine translation broke.

Four artifacts, all from MT systems re-assembling text around quotes and links:

* a *turned* closing quote: the opening glyph used to close a quote,
  ``“Islamic Resistance in Iraq“By`` -> ``“Islamic Resistance in Iraq” by``;
* a closing quote glued to the next word (``"folly"And`` -> ``"folly" and``,
  ``self-defense,”while`` -> ``self-defense,” while``) or an opening quote glued to the word
  before it (``themselves“Islamic`` -> ``themselves “Islamic``);
* the capital MT put on the word after a closing quote it glued: removed when the quote closed
  mid-sentence - after a comma (``tense,"Said`` -> ``tense," said``), after a quoted word or
  phrase with no sentence-final mark (``"phased"Approach`` -> ``"phased" approach``), or after
  ``?``/``!`` before a verb of speech (``doctors?"Asked Martin`` -> ``doctors?" asked Martin``).
  Kept when the word may really be capitalised: "I", acronyms, country and city words, English
  months, a word the text capitalises mid-sentence elsewhere or never writes in lower case (a
  name), German nouns (only function words and words the text writes in lower case lose it);
* a space inserted before ``, . ; : ! ?`` (``Iraq , Syria`` -> ``Iraq, Syria``).

Quotes are tracked per paragraph (line) with a small stack, so each language's own conventions are
legitimate and left alone: German ``„…“`` (there “ *closes*), Polish ``„…”``, Swedish ``”…”``,
French and Russian ``«…»``, German ``»…«``.  Straight quotes are paired locally: a straight quote
in opening position while one is open starts a new quotation, so an unpaired one (inches, a
quotation running on from the previous paragraph) does not spoil the rest of the line.  French
typography (a space before ``; : ! ?`` and inside guillemets) is kept for French text.  Nothing
here is a library feature: ftfy's ``uncurl_quotes`` goes the other way (curly -> straight) and no
quote fixer tracks pairs.

This repair must never: turn curly quotes into straight ones (or back), touch single quotes or
apostrophes, touch a line whose quotes it cannot pair, fix a closing quote whose opener was itself
glued to a word (``said"Hello"``: which one is glued is unclear), or change any letter's case
except the first letter of a word it un-glues from a closing quote.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import ClassVar

import regex

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
# A text that spaces at least this many marks, yet fewer than this share of all its marks, does so
# by its writer's habit (typed comments, transcripts): MT leaves a few stray spaces at link
# boundaries, or spaces every mark (tokenised output), and both of those are fixed.
HABIT_MIN_SPACED = 8
HABIT_MAX_SHARE = 0.5
_CLAUSE_MARK = re.compile(r"[,.;:!?](?=\s|$)")
# Marks that French typography spaces before; they are left alone in French text.
FRENCH_SPACED = frozenset(";:!?")
# Languages whose typography puts a space before ; : ! ? (French, and Breton which follows it).
SPACED_PUNCT_LANGS = frozenset({"fr", "br"})
# Languages that attach case endings to a quoted word ('"kukla"ten', Finnish '"Nokia":n');
# a lower-case letter after a closing quote is no glued word there.  (Typology, not a library.)
QUOTE_SUFFIX_LANGS = frozenset({"tr", "az", "uz", "kk", "ky", "tk", "tt", "ba", "fi", "et", "hu"})

_OPENERS = {"“": "”", "„": "“”", "«": "»", "»": "«", "”": "”"}  # opener -> glyphs that close it
# The word right after a quote: letters, one inner apostrophe ("He's", "l'Irak").
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?")
# A capitalised word after a lower-case letter, digit or comma and a space: mid-sentence, so a
# name (or a German noun), whatever its frequency as a common word.
_MID_CAPITAL = regex.compile(r"(?<=[\p{Ll}\p{N},;][ \u00a0])\p{Lu}[\p{Ll}\p{M}]+")
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}]*")
_CAPITAL_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{M}]+(?![\p{L}\p{M}])")
# Verbs that introduce or follow reported speech, by language: after a question or exclamation
# inside quotes ('"Who are the doctors?" asked Martin') a capital on one of these (or on a
# pronoun right before one) is MT's, not a new sentence.  A closed class per language, short
# enough to list; no installed library tags verbs of speech.
SPEECH_VERBS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "said says say asked asks added adds told tells wrote writes replied replies explained "
        "explains continued continues shouted shouts chanted chants cried cries exclaimed "
        "insisted insists noted notes recalled recalls sang sings yelled yells whispered "
        "declared declares stated states admitted admits argued argues answered answers warned "
        "warns joked jokes laughed laughs concluded concludes responded responds agreed agrees "
        "claimed claims tweeted tweets posted posts demanded demands wondered wonders".split()
    ),
    "fr": frozenset(
        "a dit disait déclare déclaré demande demandé ajoute ajouté explique expliqué répond "
        "répondu s'exclame lance lancé affirme affirmé poursuit souligne estime insiste "
        "interroge écrit".split()
    ),
    "es": frozenset(
        "dijo dice preguntó pregunta añadió añade agregó agrega explicó explica respondió "
        "responde afirmó afirma aseguró asegura gritó escribió señaló exclamó".split()
    ),
    "pt": frozenset(
        "disse diz perguntou pergunta acrescentou acrescenta explicou explica respondeu "
        "responde afirmou afirma gritou escreveu declarou".split()
    ),
    "it": frozenset(
        "disse dice chiese chiede aggiunse aggiunge spiegò spiega rispose risponde affermò "
        "afferma gridò scrisse".split()
    ),
    "de": frozenset(
        "sagte sagt fragte fragt fügte erklärte erklärt antwortete antwortet rief schrieb "
        "betonte betont meinte meint".split()
    ),
    "nl": frozenset("zei zegt vroeg vraagt voegde legde antwoordde riep schreef".split()),
}
# Languages that capitalise every noun: a capital after a quote there is only MT's when the
# word is a function word or written in lower case elsewhere in the text.
NOUN_CAPITALISING_LANGS = frozenset({"de", "lb"})
# Languages that elide a function word onto the next word with an apostrophe ("d'occuper").
ELISION_LANGS = frozenset({"fr", "it", "ca"})
# German polite pronouns are capitalised everywhere, not only at a sentence start.
_ALWAYS_CAPITAL = frozenset({"I", "Sie", "Ihr", "Ihnen", "Ihre", "Ihren", "Ihrem", "Ihrer"})
# Zipf frequency from which a capitalised word that the text never otherwise writes with a
# capital mid-sentence is taken for a common word ("Approach", "Officers"), not a name.
COMMON_WORD_ZIPF = 3.0


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
        ctx = _Context(text, doc.lang)
        for line in text.split("\n"):
            if _QUOTE.search(line):
                out.extend(_line_quotes(line, offset, ctx))
            offset += len(line) + 1
        out.extend(_punct_spacing(text, _french(doc)))
        return out


class _Context:
    """Document-wide evidence about the word after a quote, computed once and only when needed."""

    def __init__(self, text: str, lang: str | None) -> None:
        self.text = text
        self.lang = lexicon.base_lang(lang)
        self.suffixing = self.lang in QUOTE_SUFFIX_LANGS
        self.one_letter_words = frozenset(
            w for w in lexicon.function_words(self.lang) if len(w) == 1 and self.lang != "en"
        )
        self._mid: set[str] | None = None
        self._lower: set[str] | None = None
        self._caps: Counter[str] | None = None

    def capital_mid_sentence(self, word: str) -> bool:
        """The text writes ``word`` with a capital after a lower-case word or comma elsewhere."""
        if self._mid is None:
            self._mid = set(_MID_CAPITAL.findall(self.text))
        return word in self._mid

    def capital_count(self, word: str) -> int:
        """How often the text writes ``word`` capitalised (this occurrence included)."""
        if self._caps is None:
            self._caps = Counter(_CAPITAL_WORD.findall(self.text))
        return self._caps[word]

    def lower_elsewhere(self, word: str) -> bool:
        """The text writes ``word`` in lower case somewhere."""
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.text))
        return word.lower() in self._lower

    def mid_sentence_capital(self, line: str, i: int, word: str) -> str | None:
        """Why the capital on ``word`` right after the closing quote at ``line[i]`` is MT's.

        None when it may be real: a name or acronym, "I", a German noun, or a quote that ended
        a sentence.  The quote closed mid-sentence when a comma, or the quoted word itself (no
        sentence-final mark), comes before it; after ``?`` or ``!`` only before a verb of speech.
        """
        if len(word) < 1 or not word[0].isupper() or word in _ALWAYS_CAPITAL:
            return None
        if word.startswith(("I'", "I’")) or (len(word) > 1 and not word[1:].islower()):
            return None  # "I'm", acronyms, "McCain", "iPhone"-like internal capitals
        prev = line[i - 1] if i else ""
        low = word.lower()
        if prev in ",;":
            where = "after a comma" if prev == "," else "after a semicolon"
        elif prev.isalnum() or prev in ")]":
            where = "after a quoted word"
        elif prev in "?!" and self._speech_follows(line, i, low):
            where = f"after '{prev}' before a verb of speech"
        else:
            return None
        if low in lexicon.proper_name_words(self.lang):
            return None  # country and city words
        if self.lang == "en" and low in lexicon.calendar_words("en"):
            return None  # English capitalises months and weekdays
        function = low in lexicon.function_words(self.lang) or _elided(low, self.lang)
        seen_lower = self.lower_elsewhere(word)
        if self.capital_mid_sentence(word) and not (function and seen_lower):
            return None  # written as a name elsewhere in the text
        if not function and not seen_lower and (self.capital_count(word) > 1
                                                or low in _person_name_tokens()):
            # "Rose said. Rose left.": always capitalised here; "Geoffrey": a given name
            return None
        if self.lang in NOUN_CAPITALISING_LANGS:
            # German capitalises nouns: lower only a word its dictionary writes in lower case
            # alone ("verfasst"), never a noun ("Haus")
            ok = function or seen_lower or bool(lexicon.common_not_name(word, self.lang))
        else:
            ok = function or seen_lower or lexicon.zipf(low, self.lang) >= COMMON_WORD_ZIPF
        return where if ok else None

    def _speech_follows(self, line: str, i: int, low: str) -> bool:
        verbs = SPEECH_VERBS.get(self.lang or "", frozenset())
        if low in verbs:
            return True
        nxt = _WORD.match(line, i + 1 + len(low) + 1) if i + 1 + len(low) < len(line) else None
        return (
            low in lexicon.function_words(self.lang)
            and line[i + 1 + len(low) : i + 2 + len(low)] == " "
            and nxt is not None
            and nxt.group().lower() in verbs
        )


def _elided(low: str, lang: str | None) -> bool:
    """An elided function word glued to the next word ("d'occuper", "l'État", "dell'anno") in
    a language that elides (English "O'Brien" is a name)."""
    if lang not in ELISION_LANGS:
        return False
    head, sep, rest = low.replace("’", "'").partition("'")
    return bool(sep) and 1 <= len(head) <= 4 and head.isalpha() and rest.isalpha()


@lru_cache(maxsize=1)
def _person_name_tokens() -> frozenset[str]:
    """Lower-cased given names and surnames attested in public name lists (the package's
    ``resources/name_tokens.txt``, see SOURCES.md); empty when the file is missing."""
    try:
        text = resources.files("mtbrief").joinpath("resources/name_tokens.txt").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _french(doc: Document) -> bool:
    """French typography: by language, or by guillemets with inner spaces ("« Non »")."""
    if lexicon.base_lang(doc.lang) in SPACED_PUNCT_LANGS:
        return True
    return bool(re.search("«[ \u00a0\u202f]", doc.text[:5000]))


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _closing_position(prev: str) -> bool:
    """A quote right after a word or punctuation mark (not after a space or bracket) closes."""
    return not _is_space(prev) and prev not in "([{—–-"


def _opening_position(prev: str, nxt: str) -> bool:
    """After a space or bracket and before a word: where a quote opens."""
    return (_is_space(prev) or prev in "([{—–-") and not _is_space(nxt)


def _line_quotes(line: str, base: int, ctx: _Context) -> list[Proposal]:
    """Pair the double quotes of one line; propose fixes for turned and glued ones.

    Straight quotes are paired locally, so one unpaired quote (a quotation that runs on into the
    next paragraph, inches) does not spoil the rest of the line: a straight quote in opening
    position while one is open starts a new quotation.  A closing quote is fixed only when its
    opener stood cleanly after a space, so ``said"Hello`` is never read as a glued closer.
    """
    out: list[Proposal] = []
    marks = [(m.start(), m.group()) for m in _QUOTE.finditer(line)]
    stack: list[tuple[str, bool]] = []  # (opener glyph, opened cleanly after a space)
    for k, (i, q) in enumerate(marks):
        prev = line[i - 1] if i else ""
        nxt = line[i + 1] if i + 1 < len(line) else ""
        top = stack[-1][0] if stack else None
        later = marks[k + 1][1] if k + 1 < len(marks) else None
        if q == '"':
            if top == '"' and _opening_position(prev, nxt):
                stack[-1] = (q, True)  # the open one ran on from another paragraph
            elif top == '"':
                clean = stack.pop()[1]
                if clean and _closing_position(prev) and _glued_after(line, i, ctx):
                    out.append(_close(line, i, base, q, q, ctx))
            elif (
                top in ("“", "„", "«")
                and _closing_position(prev)
                and later != '"'
                and _glued_after(line, i, ctx)
            ):
                stack.pop()  # "“…," closes with a straight quote
                out.append(_close(line, i, base, q, q, ctx))
            elif not stack and _runs_on_closer(line, i, prev, ctx):
                # the close of a quotation opened in an earlier paragraph
                out.append(_close(line, i, base, q, q, ctx))
            else:
                stack.append((q, _opening_position(prev, nxt)))
            continue
        if top is not None and top != '"' and q in _OPENERS.get(top, ""):
            stack.pop()
            if _closing_position(prev) and _glued_after(line, i, ctx):
                out.append(_close(line, i, base, q, q, ctx))
            continue
        if q == "“" and top in ("“", '"') and _closing_position(prev) and later != "”":
            # The opening glyph closing a quote the same glyph (or a straight one) opened: a
            # turned closing quote.
            stack.pop()
            out.append(_close(line, i, base, q, "”", ctx))
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


def _runs_on_closer(line: str, i: int, prev: str, ctx: _Context) -> bool:
    """A straight quote that opens nothing on its line yet closes a quotation: a comma, ``?`` or
    ``!`` before it and a verb of speech glued after it ('vaccination yet,"Said the physician',
    where the quotation opened paragraphs earlier).  An opening quote after a comma is followed
    by the quoted words ('he said,"We will'), never by the verb that introduces them; and the
    line's straight quotes are odd in number, one of them closing what another line opened
    ('He asked,"Said who?"' quotes the words)."""
    if prev not in ",?!" or not _glued_after(line, i, ctx) or line.count('"') % 2 == 0:
        return False
    m = _WORD.match(line, i + 1)
    return m is not None and m.group().lower() in SPEECH_VERBS.get(ctx.lang or "", ())


def _glued_after(line: str, i: int, ctx: _Context) -> bool:
    """A letter follows the quote directly, starting a real word.

    A lone lower-case Latin letter is not taken for a word ('the "A"s', '"Times"s') unless it
    is a one-letter function word of the language before a space (Spanish "y", French "à"); a
    lone Cyrillic one is (Russian "и", "в", "с" are words).
    """
    j = i + 1
    if j >= len(line) or not line[j].isalpha():
        return False
    if ctx.suffixing and not line[j].isupper():
        return False
    k = j
    while k < len(line) and line[k].isalpha():
        k += 1
    if k - j >= 2 or line[j].isupper() or "\u0400" <= line[j] <= "\u04ff":
        return True
    return line[k : k + 1] == " " and line[j] in ctx.one_letter_words


def _close(line: str, i: int, base: int, q: str, glyph: str, ctx: _Context) -> Proposal:
    """Fix the closing quote at ``line[i]``: its glyph, the space after it, the capital after it.

    ``glyph`` is the right closing glyph (``”`` for a turned ``“``).  When a word is glued to
    the quote it gets its space back, and the capital MT gave it is removed where the quote
    closed mid-sentence (see :meth:`_Context.mid_sentence_capital`).  After a turned quote
    (itself MT's doing) the same holds for a word one space away (``Iraq“ By`` -> ``Iraq” by``).
    """
    reasons = [] if glyph == q else [f"the opening quote {q} was used to close a quote"]
    glued = _glued_after(line, i, ctx)
    end = i + 1
    replacement = glyph
    if glued:
        m = _WORD.match(line, i + 1)
        gap = ""
    else:
        m = _WORD.match(line, i + 2) if glyph != q and line[i + 1 : i + 2] == " " else None
        gap = " "
    if m is not None:
        word = m.group()
        if glued:
            reasons.append(f"closing quote {glyph} was glued to the next word '{word}'")
            replacement += " "
        where = ctx.mid_sentence_capital(line, i, word)
        if where is not None:
            replacement += gap + word[0].lower()
            end = m.start() + 1
            reasons.append(f"'{word}' lost the capital MT gave it {where}")
    return Proposal(
        start=base + i,
        end=base + end,
        replacement=replacement,
        reason="; ".join(reasons),
        confidence=0.9 if end == i + 1 else 0.85,
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
    if len(out) >= HABIT_MIN_SPACED:
        marks = len(_CLAUSE_MARK.findall(text))
        if len(out) < HABIT_MAX_SHARE * marks:
            return []  # the writer's own habit, mixed with ordinary spacing: not MT's doing
    return out
