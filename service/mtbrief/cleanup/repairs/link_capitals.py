"""Lower-case the capital that machine translation leaves after a hyperlink.

Why the damage happens: MT engines translate the text of each hyperlink as a separate segment,
so the words after a link start a "new sentence" and get a capital mid-sentence ("on Ain al-Assad
base In the province", "by Israel Against leaders Hezbollah In the south").  Sometimes the
engine also closes the sentence before the link text ("the Iranian president. Ebrahim Raisi In
May 2024.").  This repair lower-cases such capitals (kind ``link_capital``) and removes such
periods (kind ``sentence_break``).

Which words: a Titlecase word whose lower-case form is a closed-class word of the language
(stopwords-iso filtered by wordfreq frequency, minus nouns, adjectives, abbreviations and place
names, see :mod:`..lexicon`), or an English adjective/adverb that the same document also writes
in lower case ("late", or "closer" for "Close"), standing mid-sentence after a name, a closing
quote or bracket (the end of the link text), or after a function word ("according to The
report": the link text itself got the capital).  The next word must continue the sentence (a
lower-case word, or a month name after a preposition: "In May 2024").  Confidence grows with
the evidence: the word class, the left context, lower-case uses in the document, and how many
such capitals the text has (MT output with links has several).

What it must never do: touch sentence starts, line starts (headings, list items), words after
an opening quote, colon or dash, ALL-CAPS words, "I", month and weekday names, country and city
names, a word followed by a number ("Article 5"), words inside a Title-Case run that looks like
a name or a title ("New York", "Doctors Without Borders", "Gone With the Wind"), German nouns or
German formal pronouns ("Sie", "Ihnen").  In doubt it leaves the text alone.

Examples (proposals applied)::

    "on Ain al-Assad base In the province"  -> "on Ain al-Assad base in the province"
    "chief of staff. Fouad Shukr Late in the same month, ..."
        -> "chief of staff Fouad Shukr late in the same month, ..."   (if "late" is used elsewhere)
    "the White House said"                  -> unchanged
    "He said: In the end"                    -> unchanged
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

from .. import lexicon
from ..document import Document, Proposal

# --- tunables (general, not per article) ---------------------------------------------------
# A closed-class word at least this frequent (Zipf) is "core": prepositions, articles,
# conjunctions, personal/possessive pronouns ("in", "for", "the", "their", "в", "de").
CORE_MIN_ZIPF = 5.8
# A capitalised word rarer than this (or a place name, or an acronym) reads as a name.
NAME_MAX_ZIPF = 4.5
# Frequent open-class words ("late", "close") qualify only with document evidence.
OPEN_MIN_ZIPF = 4.5
# A capitalised word this frequent after a preposition reads as a title word ("With the Wind").
TITLE_WORD_MIN_ZIPF = 4.0
# Longest name run between a spurious period and the spurious capital.
MAX_NAME_RUN = 4
# Languages whose nouns are capitalised: only words the document also writes in lower case.
NOUN_CAPITALISING = frozenset({"de", "lb"})
# Languages whose press writes titles of books and films in sentence case and without quotes
# ("autor de El principito"): a capital article mid-sentence may open a title there.  English
# title-cases titles ("The Little Prince"); Russian and Ukrainian put them in «quotes».
SENTENCE_CASE_TITLES = frozenset({"es", "fr", "pt", "it", "ca", "ro", "gl"})
# Languages whose orthography capitalises nothing mid-sentence but names: no title case, no
# capitalised nouns or institutions ("le Premier ministre", "el Estado" are Romance habits).
NAMES_ONLY_CAPITALS = frozenset({"ru", "uk", "be", "bg", "mk", "sr"})
# Pronouns written with a capital in polite address.  Grammar facts, not data: no installed
# library lists them, and lower-casing them changes the meaning ("Sie" you -> "sie" they).
POLITE_PRONOUNS: dict[str, frozenset[str]] = {
    "de": frozenset(
        "sie ihr ihre ihrem ihren ihrer ihres ihnen du dich dir dein deine deinem deinen "
        "deiner deines euch euer eure euren eurem eurer".split()
    ),
}

# Share of long words written with a capital above which a line is a Title-Case headline.
TITLE_LINE_SHARE = 0.6

# Words: letters with inner apostrophes or hyphens ("al-Assad", "Kenny's", "l'État"); numbers
# separately, so "May 2024" is a word then a number.  The stdlib engine is used for speed.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+")
# The gap before a capital that may follow a link: optional closing brackets/quotes attached
# to the previous token, then spaces (never a newline).
_LINK_GAP = re.compile(r"([)\]”»\"'’“]*)[ \t\u00a0]+")
_SPACE_GAP = re.compile(r"[ \t\u00a0]+")
# A spurious sentence break: a period attached to the previous word, then spaces.
_BREAK_GAP = re.compile(r"\.[ \t\u00a0]+")
# Punctuation that ends a sentence or a line: a capital after it is legitimate.
_SENTENCE_END = re.compile(r"[.!?…\n\r]")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_VOWEL = re.compile(r"[aeiouyàâäáãåæèéêëìíîïòóôöõøœùúûüýÿаеёиоуыэюяіїєѣ]")
_OPENERS = {")": "(", "]": "[", "”": "“„", "»": "«", '"': '"', "'": "'", "’": "‘'", "“": "„“"}
_CONTEXT = {
    "closer": "a closing quote or bracket",
    "name": "a name",
    "cap": "a capitalised word",
    "lower": "a function word",
    "tail": "a name and a lower-case word",
}


@dataclass(frozen=True)
class _Lexicon:
    core: frozenset[str]
    closed: frozenset[str]
    calendar: frozenset[str]
    proper: frozenset[str]
    banned: frozenset[str]


@lru_cache(maxsize=32)
def _lexicon(lang: str) -> _Lexicon:
    calendar = lexicon.calendar_words(lang)
    proper = lexicon.proper_name_words(lang)
    banned = POLITE_PRONOUNS.get(lang, frozenset()) | {"i"}
    closed = set()
    for w in lexicon.function_words(lang):
        if w in calendar or w in proper or w in banned:
            continue
        if len(w) == 1 and not ("а" <= w <= "я" and lexicon.zipf(w, lang) >= 6.0):
            continue  # Latin single letters are initials and labels ("Plan A"); Russian "в" stays
        if len(w) > 1 and not _VOWEL.search(w):
            continue  # "St", "Dr", "Mr": abbreviations, capitalised wherever they stand
        if lexicon.looks_like_noun(w, lang) or lexicon.looks_like_adjective(w, lang):
            continue
        closed.add(w)
    core = frozenset(w for w in closed if lexicon.zipf(w, lang) >= CORE_MIN_ZIPF)
    return _Lexicon(core, frozenset(closed), calendar, proper, frozenset(banned))


@lru_cache(maxsize=4096)
def _is_open_class(word: str, lang: str) -> bool:
    """A frequent adjective ("late", "close": it has "-er" and "-est" forms) or "-ly" adverb."""
    if lexicon.zipf(word, lang) < OPEN_MIN_ZIPF:
        return False
    if lexicon.looks_like_adjective(word, lang):
        return True
    return word.endswith("ly") and not lexicon.looks_like_noun(word, lang)


def _is_title(word: str) -> bool:
    """'In', 'Their', 'В': a capital followed only by lower-case letters (no hyphen)."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _has_upper(word: str) -> bool:
    return not word.islower() and not word.isdigit()


class LinkCapitalsRepair:
    """Propose lower-casing link-segment capitals and removing spurious sentence breaks."""

    name: ClassVar[str] = "link_capitals"
    kind: ClassVar[str] = "link_capital"
    scripts: ClassVar[frozenset[str] | None] = frozenset({"Latin", "Cyrillic"})

    def propose(self, doc: Document) -> list[Proposal]:
        lang = lexicon.base_lang(doc.lang)
        if not lang or lang not in lexicon.WORDFREQ_LANGS or not doc.text:
            return []
        lex = _lexicon(lang)
        if not lex.closed:
            return []
        return _Scan(doc.text, lang, lex).run()


class _Scan:
    """One pass over a text: tokens, document statistics, then a decision per capital."""

    def __init__(self, text: str, lang: str, lex: _Lexicon) -> None:
        self.text = text
        self.lang = lang
        self.lex = lex
        spans = [m.span() for m in _TOKEN.finditer(text)]
        self.words = [text[a:b] for a, b in spans]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.lower_uses = Counter(filter(str.islower, self.words))
        self.freq = lexicon.frequency_dict(lang)
        self._title_lines: dict[int, bool] = {}
        self._mid_cap_counts: Counter[str] | None = None
        self._cap_pairs: Counter[tuple[str, str]] | None = None
        self._lower_pairs: set[tuple[str, str]] | None = None

    # -- small helpers -------------------------------------------------------------------------
    def _zipf(self, word: str) -> float:
        freq = self.freq.get(word.lower())
        return math.log10(freq) + 9 if freq else 0.0

    def _gap(self, i: int) -> str:
        """Text between token ``i - 1`` and token ``i``."""
        return self.text[self.ends[i - 1] : self.starts[i]]

    def _is_word(self, i: int) -> bool:
        return not self.words[i][0].isdigit()

    def _mid_caps(self, word: str) -> int:
        """How often ``word`` appears capitalised in mid-sentence in this document."""
        if self._mid_cap_counts is None:
            self._mid_cap_counts = Counter(
                w
                for i, w in enumerate(self.words)
                if i > 0 and w[0].isupper() and not _SENTENCE_END.search(self._gap(i))
            )
        return self._mid_cap_counts[word]

    def _doc_evidence(self, word: str) -> bool:
        """The document writes ``word`` in lower case and capitalises it mid-sentence once."""
        return self._used_in_lower_case(word.lower()) and self._mid_caps(word) <= 1

    def _lower_pair(self, first: str, second: str) -> bool:
        """The document writes "first second" in lower case somewhere ("in the")."""
        if self._lower_pairs is None:
            words = self.words
            self._lower_pairs = {
                (words[k - 1], w) for k, w in enumerate(words) if k and w.islower()
            }
        return (first, second) in self._lower_pairs

    def _repeated_name(self, i: int) -> bool:
        """ "Ariana Grande ... Ariana Grande": the same capitalised pair twice is a name."""
        if self._mid_caps(self.words[i]) < 2:
            return False
        if self._cap_pairs is None:
            words = self.words
            self._cap_pairs = Counter(
                (words[k - 1], w) for k, w in enumerate(words) if k and w[0].isupper()
            )
        return self._cap_pairs[(self.words[i - 1], self.words[i])] > 1

    def _title_line(self, pos: int) -> bool:
        """True when the line around ``pos`` is a Title-Case headline."""
        start = self.text.rfind("\n", 0, pos) + 1
        if start not in self._title_lines:
            end = self.text.find("\n", pos)
            line = self.text[start : end if end >= 0 else len(self.text)]
            words = _LONG_WORD.findall(line[:2000])
            caps = sum(1 for w in words if w[0].isupper())
            # A short line without a full stop is a headline: a lower bar for its capitals.
            headline = len(words) <= 20 and not line.rstrip().endswith((".", "!", "?", "…"))
            share = TITLE_LINE_SHARE if headline else 0.75
            self._title_lines[start] = len(words) >= 3 and caps >= share * len(words)
        return self._title_lines[start]

    def _sentence_prefix(self, i: int) -> int | None:
        """Index of the first token of the sentence holding token ``i``, if it starts nearby."""
        j = i
        while j > 0 and i - j <= MAX_NAME_RUN + 1:
            if _SENTENCE_END.search(self._gap(j)):
                return j
            j -= 1
        return 0 if j == 0 else None

    def _name_like(self, word: str) -> bool:
        low = word.lower()
        return low in self.lex.proper or self._zipf(low) < NAME_MAX_ZIPF

    # -- context of a capital ------------------------------------------------------------------
    def _closer_ok(self, i: int, closers: str) -> bool:
        """A closing bracket/quote before the capital ends link text, not a heading or caption."""
        close_at = self.text.find(closers[0], self.ends[i - 1])
        openers = _OPENERS.get(closers[0], "")
        k = close_at - 1
        floor = max(0, close_at - 200)
        while k >= floor and self.text[k] not in openers and self.text[k] != "\n":
            k -= 1
        if k < floor or self.text[k] == "\n":
            return False
        inner = self.text[k + 1 : close_at].strip()
        before = self.text[max(0, k - 3) : k]
        if not inner or not inner[0].isupper() or len(inner.split()) > 8:
            return False  # "(pictured)", "(фото 1997 года)"
        # A bracket or quote that opens a line or a sentence is a dateline or a heading.
        return bool(before.strip(" \t\u00a0")) and not _SENTENCE_END.search(before[-2:] or "\n")

    def _prev_kind(self, i: int) -> str | None:
        """How the capital at ``i`` is preceded: 'closer', 'name', 'cap', 'lower' or None."""
        if i == 0:
            return None
        gap = _LINK_GAP.fullmatch(self._gap(i))
        if gap is None:
            return None
        if gap.group(1):
            return "closer" if self._closer_ok(i, gap.group(1)) else None
        if not self._is_word(i - 1):
            return None
        word = self.words[i - 1]
        if word.islower():
            if word in self.lex.core:
                return "lower"  # "according to The report": no sentence ends on "to"
            # "Ain al-Assad base In the": a lower-case word ending a name run (the link text).
            before = self.words[i - 2] if i >= 2 else ""
            if (
                _has_upper(before)
                and self._is_word(i - 2)
                and _SPACE_GAP.fullmatch(self._gap(i - 1))
                and self._sentence_prefix(i - 2) != i - 2
                and self._name_like(before)
            ):
                return "tail"
            return None
        if word.isupper() and len(word) > 1:
            # An acronym (US, NATO) reads as a name; a run of capitals is a heading or a credit.
            if i >= 2 and self.words[i - 2].isupper() and self._is_word(i - 2):
                return None
            if len(word) <= 4 or self._zipf(word.lower()) < NAME_MAX_ZIPF:
                return "name"
            return None  # "LIRE AUSSI Un accord": a shouted label, not a name
        start = self._sentence_prefix(i - 1)
        if start is not None:
            run = self.words[start:i]
            if not all(w[0].isupper() for w in run):
                pass  # the sentence started earlier with ordinary words: mid-sentence
            elif self.lang in NOUN_CAPITALISING or (
                len(run) == 1 and word.lower() not in self.lex.proper
            ):
                return None  # a one-word subheading glued to its paragraph ("Lucro Outro ...")
        return "name" if self._name_like(word) else "cap"

    def _next_kind(self, i: int) -> str | None:
        """'lower', 'closed' (a lower-case function word), 'calendar' or None (stop)."""
        if i + 1 >= len(self.words) or not self._is_word(i + 1):
            return None
        if not _SPACE_GAP.fullmatch(self._gap(i + 1)):
            return None
        word = self.words[i + 1]
        if word.islower():
            if word in self.lex.closed:
                return "closed"
            if len(word) <= 3 and word not in self.lex.core and self._zipf(word) < 5.0:
                # "Alexander Van der Bellen", "Paco De la Torre": a name particle chain.
                after = self.words[i + 2] if i + 2 < len(self.words) else ""
                if after[:1].isupper():
                    return None
            return "lower"
        if _is_title(word) and word.lower() in self.lex.calendar:
            return "calendar"  # "In May 2024"; "May 2024" itself is never the capital
        return None

    def _title_ahead(self, i: int) -> bool:
        """True for "With the Wind": function words, then a common Title-Case word ending a run."""
        k = i + 1
        while k < len(self.words) and k - i <= 3:
            if not self._is_word(k) or not _SPACE_GAP.fullmatch(self._gap(k)):
                return False
            if self.words[k].islower() and self.words[k] in self.lex.closed:
                k += 1
                continue
            break
        else:
            return False
        word = self.words[k]
        if not _has_upper(word):
            return False
        low = word.lower()
        if low in self.lex.calendar or low in self.lex.proper:
            return False
        if self._zipf(low) < TITLE_WORD_MIN_ZIPF:
            return False
        # "In the Iranian capital": an adjective before a lower-case noun is no title.
        nxt = k + 1
        return not (
            nxt < len(self.words)
            and self.words[nxt].islower()
            and self.words[nxt] not in self.lex.closed
            and _SPACE_GAP.fullmatch(self._gap(nxt))
        )

    # -- decisions -----------------------------------------------------------------------------
    def _word_class(self, low: str) -> str | None:
        lex = self.lex
        if low in lex.calendar or low in lex.proper or low in lex.banned:
            return None
        if low in lex.core:
            return "core"
        if low in lex.closed:
            return "closed"
        if _is_open_class(low, self.lang) and self._used_in_lower_case(low):
            return "open"  # English adjectives and adverbs: "Late in the same month"
        return None

    def _used_in_lower_case(self, low: str) -> bool:
        """The document writes the word, or its "-er"/"-est"/"-ly" form, in lower case."""
        if self.lower_uses[low]:
            return True
        return any(self.lower_uses[f] for f in lexicon.adjective_forms(low, self.lang))

    def _judge(self, i: int) -> tuple[float, str, str] | None:
        """(confidence, word class, context) when the capital at ``i`` should be lower-cased."""
        word = self.words[i]
        low = word.lower()
        cls = self._word_class(low)
        if cls is None:
            return None
        nxt = self._next_kind(i)
        if nxt is None:
            return None
        prev = self._prev_kind(i)
        if prev is None:
            return None
        if self._title_line(self.starts[i]) or self._repeated_name(i):
            return None
        linked = prev in ("name", "closer")
        evidence = cls != "core" and self._doc_evidence(word)
        if cls == "core" and self.lang in NOUN_CAPITALISING:
            evidence = self._doc_evidence(word)
        if self.lang in NOUN_CAPITALISING and not (evidence and linked):
            return None
        if cls == "open" and not (evidence and nxt == "closed" and linked):
            return None
        if cls == "closed":
            # Less frequent function words ("against", "through"): after a name, unless the
            # document capitalises the word elsewhere too ("Star Trek Beyond ... Beyond").
            # Where a capital mid-sentence opens a name or a Title-Case title ("the Premier
            # League"), also after a function word ("until Those", "до Тех пор") when the
            # document writes the word in lower case.
            repeated = self._mid_caps(word) > 1
            after_function = (
                prev == "lower" and evidence and self.lang in NAMES_ONLY_CAPITALS | {"en"}
            )
            if not ((linked or after_function) and not repeated):
                return None
        if prev == "tail" and cls != "core":
            return None
        if prev in ("lower", "tail"):
            # Link text that starts mid-sentence right after a function word ("according to
            # The report"): a sentence cannot end on "to", so this is no missed full stop.
            if nxt == "calendar":
                return None
            if nxt != "closed" and not self._lower_pair(low, self.words[i + 1]):
                # Without a lower-case use of the pair, a repeated capital is a name used
                # after an article ("the No campaign ... the No side"); a one-off is damage,
                # except where titles are written in sentence case ("autor de El principito").
                if prev == "tail" or self._mid_caps(word) > 1:
                    return None
                if self.lang in SENTENCE_CASE_TITLES:
                    return None
        if not (cls == "core" and linked) and self._title_ahead(i):
            return None
        conf = {"core": 0.85, "closed": 0.75, "open": 0.65}[cls]
        conf += 0.05 if prev == "closer" else 0.0
        conf += 0.05 if evidence else 0.0
        return min(conf, 0.95), cls, _CONTEXT[prev]

    def _spurious_break(self, i: int) -> int | None:
        """Offset of a period MT inserted before the link text ending just before ``i``."""
        if self.lang in NOUN_CAPITALISING:
            return None
        j = i - 1
        run = 0
        while j > 0 and run < MAX_NAME_RUN:
            word = self.words[j]
            if not self._is_word(j) or not word[0].isupper() or word.isupper():
                return None
            if word.lower() in self.lex.closed or word.lower() in self.lex.calendar:
                return None
            run += 1
            gap = self._gap(j)
            if _BREAK_GAP.fullmatch(gap):
                names = self.words[j:i]
                ok = (
                    run >= 2 and any(self._name_like(w) for w in names) and self._ends_clause(j - 1)
                )
                return self.ends[j - 1] if ok else None
            if not _SPACE_GAP.fullmatch(gap):
                return None
            j -= 1
        return None

    def _ends_clause(self, k: int) -> bool:
        """A word a sentence can run on from: lower-case ("staff") or a title ("Minister")."""
        word = self.words[k]
        if not self._is_word(k) or word.isupper():
            return False
        if self.starts[k] > 0 and self.text[self.starts[k] - 1] in ".-'’":
            return False  # "U.S." or part of an abbreviation
        low = word.lower()
        if low in self.lex.calendar or low in self.lex.proper:
            return False
        if word.islower():
            # "staff", "cocinera", "a" (no sentence ends on an article); not "etc", "approx"
            return len(word) >= 5 or low in self.lex.core or self._zipf(low) >= 3.5
        return _is_title(word) and len(word) >= 4 and self._zipf(low) >= TITLE_WORD_MIN_ZIPF

    def run(self) -> list[Proposal]:
        out: list[Proposal] = []
        closed = self.lex.closed
        lower_uses = self.lower_uses
        for i, word in enumerate(self.words):
            if not word.istitle() or "-" in word or "'" in word or "’" in word:
                continue  # "In", "В"; not "al-Assad", "O'Hara", "US"
            low = word.lower()
            if low not in closed and low not in lower_uses and not _is_open_class(low, self.lang):
                continue  # fast path: no function word, and never written in lower case here
            verdict = self._judge(i)
            if verdict is None:
                continue
            conf, cls, context = verdict
            new = word[0].lower() + word[1:]
            out.append(
                Proposal(
                    self.starts[i],
                    self.ends[i],
                    new,
                    f"'{word}' is capitalised mid-sentence after {context}, as MT does when it "
                    f"translates a link's text separately; '{new}' is a {cls}-class word here",
                    conf,
                )
            )
            if context in (_CONTEXT["name"], _CONTEXT["cap"]):
                period = self._spurious_break(i)
                if period is not None:
                    out.append(
                        Proposal(
                            period,
                            period + 1,
                            "",
                            f"the period before '{self.words[i - 1]}' splits a sentence that "
                            f"runs on ('{new}' continues it), as MT does around a link",
                            min(conf, 0.7),
                            kind="sentence_break",
                        )
                    )
        return _weigh_by_document(out)


def _weigh_by_document(proposals: list[Proposal]) -> list[Proposal]:
    """Confidence reflects the whole text: MT output with links has several such capitals, while
    a single one in otherwise clean text may be a missed full stop ("... Hefei But he was")."""
    n = sum(1 for p in proposals if p.kind is None)
    if n == 1:
        delta, note = -0.1, "the only such capital in this text"
    elif n >= 3:
        delta, note = 0.05, f"{n} such capitals in this text"
    else:
        return proposals
    return [
        replace(
            p,
            confidence=round(min(0.95, max(0.3, p.confidence + delta)), 2),
            reason=f"{p.reason}; {note}",
        )
        for p in proposals
    ]
