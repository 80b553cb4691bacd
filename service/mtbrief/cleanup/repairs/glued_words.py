"""Put back the space machine translation lost where a hyperlink began or ended.

MT systems translate the text of a page and the text of its links separately; when the pieces are
stitched back together the space at the link boundary often disappears: ``and<a>Iraq</a>`` comes
out as ``andIraq``, ``<a>cliff</a> which`` as ``cliffwhich``, ``informing…<a>Al-Nujaba</a>`` as
``informing…Al-Nujaba``.  This repair inserts the missing space, and nothing else.

Evidence comes from per-language word frequencies (wordfreq, via :mod:`..lexicon`), the
document itself (a word that occurs on its own elsewhere in the text is attested) and a lexicon
of attested name spellings (``resources/name_tokens.txt``).  General word segmenters (wordninja,
SymSpell's word segmentation) are not used because they split *every* unknown token into the
most probable known pieces: they shred names ("Abdollahian" -> "Ab dolla hi an").  Here a token
is only split when wordfreq does not list it as a whole, it does not recur in the document, and
the split leaves exactly two pieces that are known words or names:

* lower->Upper (``andIraq``, ``succeedingHussein``, ``иИрак``): the left part is a function word
  or a frequent word, the right part a known word or a capitalised name;
* acronym->lower (``NASAastronaut``, ``ЕСбез``, ``PRdirector``): the acronym occurs on its own
  in the document or is a frequent word; lower->acronym likewise (``частиСША``);
* camel-case word->lower (``MacBookmodels``, ``McClatchyand``): the camel-case word is listed or
  attested; two long capitalised words that form no compounds (``ПодполковникПреподобный``);
* no case change (``cliffwhich``, ``ofusers``, ``наместе``, ``respiratorydroplets``): every split
  into two pieces of two letters or more is scored by the product of the pieces' unigram
  probabilities, with a bonus for a function word (the commonest glue); the best split must
  beat the runner-up clearly.  A content piece must be frequent, and the more so the more
  *productive* the piece next to it is in the language's own word list: Russian "не", German
  "aus", English "over" begin thousands of listed words, so an unlisted "неанглийской" or
  "zurückprallt" is far likelier a real word than glue, while "shrinkage|in" has no listed
  relatives.  Rarer content words ("frigid|climate", "помощь|велосипедисту") are split only
  when neither piece takes part in closed compounds in the word list and no listed word begins
  with the token's stem (a rare real word is mostly a form of listed ones: "fourballs").  Two
  content words are never split in languages that write compounds closed (German
  "Behandlungskette"), nor in agglutinating languages (Turkish, Finnish, Indonesian);
* capitalised word + lower-case word (``Rudolphin``, ``Уолтонобъявил``, ``Mondayin``): the
  capitalised piece occurs on its own in the document, or is a lexicon name or a very frequent
  word (or a frequent word before a word that ends no compounds: ``Gamingcommunity``); an
  unknown capitalised word before "who"/"which" is a name (``Abdollahianwho``);
* punctuation (``informing…Al-Nujaba``, ``said.The``, ``Iraq,Syria``): the space after it.

Documents where unknown words are common (jargon, affixing languages) get only the
case-change and punctuation kinds.  Every edit's reason names both pieces and the evidence.

This repair must never: split a token that is a known word or name as a whole (``iPhone``,
``DeSantis``, ``Kanaani``), or one the document uses more than once; split a name into pieces
("Saravan" is not "Sara van"); change a letter; touch numbers (``1,000``, ``3.5``),
abbreviations (``U.S.``, ``e.g.``), domain names (``example.com``, ``Node.js``, ``ASP.NET``),
URLs, e-mail addresses, @handles, #hashtags or the end of an apostrophe word (``п'ятому``).  It
prefers missing a glued pair to splitting a real word.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import ClassVar

import regex

from .. import lexicon
from ..document import Document, Proposal

# A whole token at or above this Zipf frequency is a word or a name; it is never split.  wordfreq
# keeps very rare camel-case brands ("airBaltic" 1.2) above it, random glued pairs ("andIraq")
# at 0.
WHOLE_KNOWN_ZIPF = 1.0
# A frequent glued pair of function words ("ofthe" 3.3) is attested by wordfreq's web sources; it is
# still split when it is this much rarer than its rarer half (real compounds such as "within" are
# about as frequent as their parts).
FUNCTION_PAIR_GAP = 4.0
# Minimum Zipf frequency of a lower-case left word before a capital ("succeeding|Hussein").
CAMEL_LEFT_ZIPF = 2.5
# An unknown capitalised word is split from a function word after it only when it is this long.
UNKNOWN_NAME_MIN_LEN = 7
# Capitalised function words that open brand and outlet names written in camel case
# ("MyLondon", "OneSky", "YourTango", "OurCrowd"): never split off.  Grammar facts.
BRAND_OPENERS = frozenset("my your our one his her their its".split())
# Two capitalised words glued ("ПодполковникПреподобный") without a name the document attests:
# each must have this many letters (camel-case brands are built of short pieces: "BundleHunt").
CAMEL_WORDS_MIN_LEN = 6
# An acronym not attested in the document is split off a glued function word ("the|USA") only
# when wordfreq lists it at least this frequently.
ACRONYM_KNOWN_ZIPF = 4.0

# A function word is a safe glued suffix after an unknown capitalised word (a name) when almost
# no listed word of AFFIX_FLOOR_ZIPF or more ends with it ("which", "who": under this share);
# endings of 3 to AFFIX_MAX letters are counted.
AFFIX_FLOOR_ZIPF = 2.5
AFFIX_MAX = 7
STRONG_AFFIX_SHARE = 1e-4
# ... and when it is this frequent (the closed class: "who", "which"; not "area" or "bill").
NAME_SUFFIX_ZIPF = 5.8
# Two accepted splits of one token: the one whose words are this much more probable (sum of Zipf
# values, i.e. log10 of the product of the unigram probabilities) wins ("to|many" 13.3 over
# "tom|any" 10.6); else the token is left alone.
AMBIGUITY_MARGIN = 2.0
# Scored splits of glue without a case change.  A content word next to a glued function word
# must reach CONTENT_AFTER_FUNCTION ("of|users") or CONTENT_BEFORE_FUNCTION ("system|to"), two
# content words CONTENT_PAIR each ("respiratory|droplets").  Each floor rises by
# PRODUCTIVITY_SLOPE per decade of listed words that the neighbouring piece forms with a word of
# PRODUCTIVE_PART_ZIPF or more (counted by the length of that word, up to PRODUCTIVE_REST_MAX
# letters): Russian "не" + 6 letters or more forms thousands of listed words, so "не|английской"
# needs Zipf 4.3; "для" forms two.  Measured on clean news in 10 languages against every glue
# the corruption generator can draw (benchmarks/glued_words_check.py, evaluation/corrupt.py).
CONTENT_AFTER_FUNCTION = 2.5
CONTENT_BEFORE_FUNCTION = 2.5
CONTENT_PAIR = 3.5
PRODUCTIVITY_SLOPE = 0.5
PRODUCTIVE_PART_ZIPF = 3.0
PRODUCTIVE_REST_MAX = 7
# At most this many words are looked at per piece (a regular sample of longer ranges).
PRODUCTIVE_SAMPLE = 3000
# A content piece that also occurs on its own in the document needs this much less Zipf, unless
# the piece next to it forms ATTESTED_BONUS_MAX_PRODUCTIVE listed words or more.
ATTESTED_BONUS = 1.0
ATTESTED_BONUS_MAX_PRODUCTIVE = 100
# Splits with a function word score this much higher (a glued function word is the commonest
# glue, and "condoms|and" must beat "condom|sand").
FUNCTION_BONUS = 1.0
# A capitalised piece is split off a lower-case one when the document attests it on its own
# ("Rudolph|in", "Уолтон|объявил"; ranked as a word of ATTESTED_NAME_ZIPF), or when it is a name
# of the lexicons or a word of CAPITAL_KNOWN_ZIPF or more ("Monday|in", "Minister|of") and the
# lower-case piece reaches CAPITAL_RIGHT_ZIPF.  Unknown capitalised words are mostly names, so
# rarer pieces are not enough ("Saravan" is not "Sara van", "Дайтеона" not "Дайте она").
ATTESTED_NAME_ZIPF = 4.0
# A lexicon name not attested in the document is split off only a piece that ends fewer than
# this share of the lexicon's names ("Abdollahi|an" stays whole, "an" ends 3% of them).
NAME_ENDING_MAX_SHARE = 0.003
CAPITAL_KNOWN_ZIPF = 4.5
CAPITAL_RIGHT_ZIPF = 4.0
# Two content words that fail those floors are still split when neither piece takes part in
# closed compounds (each begins or ends at most NONCOMPOUND_MAX listed words with another word of
# three letters or more: "frigid|climate", "помощь|велосипедисту"; not "bird|song", "code|sharing"),
# each piece has LOOSE_MIN_LEN letters or more and reaches LOOSE_PAIR, and no listed word begins
# with the token up to its last SIBLING_ENDING letters (a rare real word is mostly a rare form of
# listed ones: "fourballs" / "fourball").  Measured like the floors above.  The same test admits
# a rarer word after a capitalised one (see _judge_capital, _camel_pair).
NONCOMPOUND_MAX = 3
LOOSE_PAIR = 2.0
LOOSE_MIN_LEN = 4
SIBLING_ENDING = 3
# ... with this confidence (the weakest the repair gives), and only when no other split of the
# token is accepted.
LOOSE_CONFIDENCE = 0.65
# Confidence of a split that is ruled out but still competes with the token's other splits.
VETOED = 0.0
# Glue without a case change is only looked for where unknown words are rare: a document whose
# long words wordfreq lacks more often than this (glue not counted) is full of jargon or in an
# affixing language; clean English, Spanish, Russian news stays under 3%.  Two content words
# need the stricter CONTENT_GLUE_MAX_UNKNOWN.
FUNCTION_GLUE_MAX_UNKNOWN = 0.045
CONTENT_GLUE_MAX_UNKNOWN = 0.02
# Function words for glue: among the language's SHORT_WORDS_TOP most frequent words, the
# stopwords-iso entries and every word of three letters or fewer.  The rank cut drops content
# words that stopwords-iso lists ("four", "small", "working"; Spanish "dan"); the short words add
# closed-class words it misses (Ukrainian "за", "на", "при").
SHORT_WORDS_TOP = 250
# Agglutinating and affixing languages: an unknown word is no sign of glue there (Turkish
# "virüsüne", Indonesian "gawangnya"), so only glue at a case change or after punctuation is
# repaired.  (A typological fact no library exposes.)
AGGLUTINATIVE_LANGS = frozenset(
    {"tr", "az", "kk", "ky", "uz", "tk", "tt", "fi", "et", "hu", "id", "ms"}
)
# Languages that write compounds closed: two known words in a row are a normal word there.
# (No library exposes this typological fact; the list is the standard one.)
CLOSED_COMPOUND_LANGS = frozenset(
    {"de", "nl", "sv", "da", "no", "nb", "nn", "fi", "et", "hu", "is", "af", "lb", "fy"}
)
# Longest letter run examined; longer runs are not glued words (and bound the work per token).
MAX_RUN = 40

# Per-language memo of candidate decisions (bounded: hostile input must not grow it forever).
CANDIDATE_CACHE_SIZE = 200_000
# Longest whitespace-free chunk examined around a candidate (a guard against hostile input).
MAX_CHUNK = 200

# Letter runs.  The standard library's re is 3x faster than regex here (the hot loop).
_RUN = re.compile(r"[^\W\d_]+")
# A chunk that is (part of) a URL, e-mail, handle, hashtag, path or markup: left alone entirely.
_CODEY = regex.compile(r"://|^www\.|[@#_/\\=<>{}|~^`]|\.(?:com|org|net|gov|edu|io)\b", regex.I)
_CAMEL = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")
# An upper-case acronym followed by a lower-case word: "NASAastronaut", "ЕСбез".
_ACRONYM_GLUE = regex.compile(r"(\p{Lu}{2,})(\p{Ll}{2,})")
# Punctuation glued to the next word.  Lookbehinds keep numbers ("1,000", "3.5"), dotted
# abbreviations ("U.S.", "e.g.") and lower-case extensions ("Node.js", "example.com") out.
_PUNCT_GLUE = regex.compile(
    r"""
      (?<=[\p{L}\p{M}]{2})(?P<ell>…|\.\.\.)(?=\p{Lu})              # informing…Al-Nujaba
    | (?<=[\p{L}\p{M}]{2})(?P<sep>[,;])(?=\p{L}{2})                 # Iraq,Syria
    | (?<=\p{Ll}{2})(?P<col>:)(?=\p{L}{2})                          # said:The
    | (?<=\p{Ll}{2})(?P<end>[.?!])(?=\p{Lu}\p{Ll})                  # said.The
    """,
    regex.X,
)
_APOSTROPHES = frozenset("'’ʼ`")
_ENTITY_BEFORE = regex.compile(r"&[#\w]+$")


def _z(zipf: float) -> float:
    """Zipf value -> wordfreq relative frequency."""
    return 10.0 ** (zipf - 9.0)


@lru_cache(maxsize=1)
def name_tokens() -> frozenset[str]:
    """Lower-cased Latin name tokens attested in public name-variant lists (see SOURCES.md)."""
    text = resources.files("mtbrief").joinpath("resources/name_tokens.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _name_endings() -> Counter[str]:
    """How many lexicon names end with each ending of two to four letters."""
    out: Counter[str] = Counter()
    for name in name_tokens():
        out.update(name[-k:] for k in (2, 3, 4) if len(name) > k + 2)
    return out


def _name_ending_share(piece: str) -> float:
    """Share of the lexicon's names that end with ``piece`` ("an" 3%, "of" 0.1%)."""
    return _name_endings()[piece.lower()] / max(len(name_tokens()), 1)


@dataclass(frozen=True)
class _LangModel:
    """Everything the repair needs to know about one language, computed once."""

    lang: str
    freq: dict[str, float]
    function: frozenset[str]
    glue_function: frozenset[str]  # function words plus the language's short frequent words
    ends: Counter[str]  # suffix (3-7 letters) -> how many words end with it
    strong_suffix: frozenset[str]  # function words that almost never end another word
    closed_compounds: bool
    common: frozenset[str]  # frequent lower-case words (Zipf >= 4): never candidates
    candidate_cache: dict[str, bool]  # token -> could it be glue (document-independent)
    productive_cache: dict[tuple[str, bool], list[int]]
    sorted_words: dict[str, list[str]]  # "words" and "rev" (reversed words), sorted; lazy

    def key(self, word: str) -> str:
        """The form wordfreq lists ``word`` under (case-folded: German "außer" -> "ausser")."""
        return word.lower() if self.lang == "tr" else word.casefold()

    def f(self, word: str) -> float:
        return self.freq.get(self.key(word), 0.0)

    def z(self, word: str) -> float:
        """Zipf frequency of ``word`` (0.0 when wordfreq does not list it)."""
        return _zipf(self.f(word))

    def productive_start(self, piece: str, rest: int = 3) -> int:
        """How many listed words are ``piece`` + a frequent word of ``rest`` letters or more.

        ("не" + "известный": Russian "не" begins thousands; English "of" a few dozen.)
        """
        return self._productive(piece, False)[min(max(rest, 3), PRODUCTIVE_REST_MAX)]

    def productive_end(self, piece: str, rest: int = 3) -> int:
        """How many listed words are a frequent word of ``rest`` letters or more + ``piece``.

        The length matters: English words ending in "in" are short ("with|in", "beg|in");
        "shrinkage|in" has no listed relatives, "неанглийской" thousands ("не" + adjective).
        """
        return self._productive(piece, True)[min(max(rest, 3), PRODUCTIVE_REST_MAX)]

    def need(
        self,
        left: str,
        right: str,
        base: float,
        doc: _DocWords | None = None,
        judged: str | None = None,
        capital: bool = False,
    ) -> float:
        """Zipf a content word must reach next to ``left``/``right`` to be split off.

        The threshold rises with the log of how often the neighbouring piece forms words in
        the language's own word list: a piece that begins thousands of listed words (Russian
        "не", German "aus") would form thousands more unlisted ones, so only a content word
        frequent enough that its compound would surely be listed is accepted.
        """
        prod = 0
        if left:
            prod = self.productive_start(left, len(right))
        if right and not capital:
            prod = max(prod, self.productive_end(right, len(left)))
        need = base + PRODUCTIVITY_SLOPE * math.log10(1 + prod)
        # The content piece ``judged`` also occurring on its own in the document is some
        # evidence, but never enough next to a word-forming piece ("не" + "английской" with
        # "английской" elsewhere in the text).
        if doc is not None and prod < ATTESTED_BONUS_MAX_PRODUCTIVE:
            if judged and doc.attested(judged):
                need -= ATTESTED_BONUS
        return need

    def _sorted(self, kind: str) -> list[str]:
        """The word list sorted forwards ("words") or as reversed words ("rev")."""
        if "words" not in self.sorted_words:
            # Built on first use (about a second for the largest lists), then kept.
            self.sorted_words["words"] = sorted(self.freq)
            self.sorted_words["rev"] = sorted(w[::-1] for w in self.freq)
        return self.sorted_words[kind]

    def forms_compounds(self, left: str, right: str) -> tuple[int, int]:
        """(listed words that begin with ``left`` + a word, that end with a word + ``right``).

        Measured with rests of three letters or more, whatever the other piece's length: this is
        how readily each piece takes part in closed compounds ("bird" begins "birdsong",
        "birdcage"...; "zone" ends "timezone", "warzone"...; "frigid", "помощь" and "canyons" take
        part in none).
        """
        return self.productive_start(self.key(left), 3), self.productive_end(right, 3)

    def has_sibling(self, token: str, at: int, past: int = 1) -> bool:
        """A listed word shares ``token``'s beginning, ``past`` letters or more beyond ``at``.

        A rare real word is mostly a rare form of listed words: all but its last few letters
        begin one of them ("fourballs" / "fourball", "уровняли" / "уровнял", "cinemagoing" /
        "cinemagoers").  Two glued words form no such stem ("causecanyons", "наподиуме").
        One letter past the split is a cautious test (it also matches the left word's own
        forms, "fabric|s"); two letters are firm evidence.
        """
        key = self.key(token)
        stem = key[: max(at + past, len(key) - SIBLING_ENDING)]
        words = self._sorted("words")
        i = bisect.bisect_left(words, stem)
        return i < len(words) and words[i].startswith(stem)

    def _productive(self, piece: str, at_end: bool) -> list[int]:
        """counts[k]: listed words made of ``piece`` and a frequent word of >= k letters."""
        cache = self.productive_cache
        key = (piece, at_end)
        hit = cache.get(key)
        if hit is not None:
            return hit
        words = self._sorted("rev" if at_end else "words")
        probe = piece[::-1] if at_end else piece
        lo = bisect.bisect_left(words, probe)
        hi = bisect.bisect_left(words, probe + "\U0010ffff")
        floor = _z(PRODUCTIVE_PART_ZIPF)
        freq, n = self.freq, len(piece)
        by_len = [0] * (PRODUCTIVE_REST_MAX + 1)
        # Short pieces begin tens of thousands of words ("по"): a regular sample of them, scaled
        # back up, estimates the count well enough for a logarithmic threshold.
        step = max(1, (hi - lo) // PRODUCTIVE_SAMPLE)
        for w in words[lo:hi:step]:
            if len(w) >= n + 3:
                rest = w[n:][::-1] if at_end else w[n:]
                if freq.get(rest, 0.0) >= floor:
                    by_len[min(len(rest), PRODUCTIVE_REST_MAX)] += step
        for k in range(PRODUCTIVE_REST_MAX - 1, -1, -1):
            by_len[k] += by_len[k + 1]
        if len(cache) < CANDIDATE_CACHE_SIZE:
            cache[key] = by_len
        return by_len


@lru_cache(maxsize=32)
def _model(lang: str | None) -> _LangModel | None:
    """Per-language lexicon for the repair; None when wordfreq does not know the language."""
    base = lexicon.base_lang(lang)
    freq = lexicon.frequency_dict(base)
    if not freq:
        return None
    function = lexicon.function_words(base)
    ends: Counter[str] = Counter()
    floor = _z(AFFIX_FLOOR_ZIPF)
    words = []
    # wordfreq's dict is sorted by frequency, so the loop stops at the first rare word.
    for word, fr in freq.items():
        if fr < floor:
            break
        words.append(word)
    for k in range(3, AFFIX_MAX + 1):
        ends.update(w[-k:] for w in words if len(w) >= k + 3)
    total = max(len(words), 1)
    affixes = {w for w in function if len(w) >= 3}

    return _LangModel(
        lang=base or "",
        freq=freq,
        function=function,
        glue_function=frozenset(
            w for w in words[:SHORT_WORDS_TOP] if w.isalpha() and (len(w) <= 3 or w in function)
        ),
        ends=ends,
        strong_suffix=frozenset(w for w in affixes if ends[w] / total <= STRONG_AFFIX_SHARE),
        closed_compounds=base in CLOSED_COMPOUND_LANGS,
        common=frozenset(words[: sum(1 for w in words if freq[w] >= _z(4.0))]),
        candidate_cache={},
        productive_cache={},
        sorted_words={},
    )


def preload(lang: str | None) -> None:
    """Load ``lang``'s lexicon and word-formation index now rather than on first use.

    The index (the word list sorted forwards and backwards) takes up to a second to build for
    the largest lists; a server or benchmark calls this at start so no request pays for it.
    """
    model = _model(lang)
    if model is not None:
        model.productive_start("a")
        lexicon.proper_name_words(model.lang)


@dataclass(frozen=True)
class _Split:
    """An accepted split of a letter run: a space goes in at ``at`` (offset inside the run)."""

    at: int
    reason: str
    confidence: float


class GluedWordsRepair:
    """Insert the space lost between two words (or after punctuation) at a link boundary."""

    name: ClassVar[str] = "glued_words"
    kind: ClassVar[str] = "glued_word"
    scripts: ClassVar[frozenset[str] | None] = frozenset({"Latin", "Cyrillic"})

    def propose(self, doc: Document) -> list[Proposal]:
        text = doc.text
        if not text:
            return []
        out = _punctuation(text)
        model = _model(doc.lang)
        if model is not None:
            out.extend(_words(text, model))
        return out


def _chunk(text: str, start: int, end: int) -> str | None:
    """The whitespace-delimited chunk around ``text[start:end]``; None when it is huge."""
    s, e = start, end
    while s > 0 and not text[s - 1].isspace():
        s -= 1
        if start - s > MAX_CHUNK:
            return None
    while e < len(text) and not text[e].isspace():
        e += 1
        if e - end > MAX_CHUNK:
            return None
    return text[s:e]


def _plain(text: str, start: int, end: int) -> bool:
    """The span sits in ordinary prose, not in a URL, e-mail, handle, path or markup."""
    chunk = _chunk(text, start, end)
    return chunk is not None and not _CODEY.search(chunk)


# -- punctuation glued to a following word --------------------------------------------------------
def _punctuation(text: str) -> list[Proposal]:
    out = []
    for m in _PUNCT_GLUE.finditer(text):
        mark, kind = m.group(), m.lastgroup or "sep"
        before = text[max(0, m.start() - MAX_CHUNK) : m.start()]
        after = text[m.end() : m.end() + MAX_CHUNK]
        if not _plain(text, m.start(), m.end()):
            continue
        if kind == "sep" and mark == ";" and _ENTITY_BEFORE.search(before):
            continue  # "&amp;" "&nbsp;": an HTML entity, not a semicolon
        if kind == "col" and regex.match(r"\S*:", after):
            continue  # "urn:isbn:...", "a:b:c": identifiers, not prose
        if kind == "end" and regex.match(r"\p{Lu}\p{Ll}*\.\p{L}", after):
            continue  # "Yahoo.Com.Br"-like dotted names
        left = regex.search(r"[\p{L}\p{M}\-]*$", before).group()  # type: ignore[union-attr]
        right = regex.match(r"[\p{L}\p{M}\-]*", after).group()  # type: ignore[union-attr]
        what = {"ell": "an ellipsis", "sep": f"'{mark}'", "col": "':'", "end": f"'{mark}'"}[kind]
        out.append(
            Proposal(
                start=m.start(),
                end=m.end(),
                replacement=mark + " ",
                reason=f"{what} after '{left}' was glued to '{right}' where a link began",
                confidence=0.8 if kind == "col" else 0.9,
            )
        )
    return out


# -- two words glued together ---------------------------------------------------------------------
def _words(text: str, model: _LangModel) -> list[Proposal]:
    words = set(_RUN.findall(text))
    cache = model.candidate_cache
    candidates = []
    for t in words - model.common:  # set difference in C drops most words at once
        hit = cache.get(t)
        if hit is None:
            hit = _candidate(t, model)
            if len(cache) < CANDIDATE_CACHE_SIZE:
                cache[t] = hit
        if hit:
            candidates.append(t)
    if not candidates:
        return []
    positions = _positions(text, candidates)
    doc = _DocWords(words, {t: len(p) for t, p in positions.items()}, model)
    out = []
    for token in candidates:
        splits: list[_Split] | None = None
        for s in positions[token]:
            e = s + len(token)
            # Letters touching digits ("COVID19", "5G") are codes, not glued words; letters
            # after an apostrophe are the end of a word (Ukrainian "п'ятому", French "aujourd'hui").
            if (s and text[s - 1].isdigit()) or (e < len(text) and text[e].isdigit()):
                continue
            if s and text[s - 1] in _APOSTROPHES and not _CAMEL.search(token):
                continue
            if not _plain(text, s, e):
                continue
            if splits is None:
                splits = _split_token(token, model, doc)
            if not splits:
                break
            pieces, prev = [], 0
            for sp in splits:
                pieces.append(token[prev : sp.at])
                prev = sp.at
            pieces.append(token[prev:])
            out.append(
                Proposal(
                    start=s,
                    end=e,
                    replacement=" ".join(pieces),
                    reason="; ".join(sp.reason for sp in splits),
                    confidence=min(sp.confidence for sp in splits),
                )
            )
    return out


def _unknown_share(words: set[str], model: _LangModel) -> float:
    """Share of distinct long lower-case words wordfreq does not know, less one (the glue).

    Clean English, Spanish or Russian news stays under 2-3%; Turkish, Finnish or Indonesian
    (agglutinating languages) run at 5-30%, where an unknown word is no sign of glue at all.
    """
    long = [w for w in words if len(w) >= 6 and w.islower()]
    # The glue itself must not count: an unknown word that splits into two listed words of
    # the two halves' kind ("очереднаяволна") is left out, else a short text with four glued
    # pairs would look agglutinating and switch the repair off.
    unknown = sum(1 for w in long if model.key(w) not in model.freq and not _two_words(w, model))
    return max(0, unknown - 1) / max(len(long), 20)


def _two_words(token: str, model: _LangModel) -> bool:
    """``token`` is two listed words of two letters or more, one of them of Zipf >= 3."""
    floor, high = _z(1.0), _z(3.0)
    for at in range(2, len(token) - 1):
        fl, fr = model.f(token[:at]), model.f(token[at:])
        if fl >= floor and fr >= floor and max(fl, fr) >= high:
            return True
    return False


def _positions(text: str, tokens: list[str]) -> dict[str, list[int]]:
    """Start offsets of each token where it occurs as a whole letter run.

    Short texts: one ``str.find`` scan per token (fast, in C).  Long texts: one pass over all
    letter runs, so the work stays linear however many candidates there are.
    """
    if len(text) * len(tokens) <= 2_000_000:
        return {t: _occurrences(text, t) for t in tokens}
    out: dict[str, list[int]] = {t: [] for t in tokens}
    for m in _RUN.finditer(text):
        hit = out.get(m.group())
        if hit is not None:
            hit.append(m.start())
    return out


def _occurrences(text: str, token: str) -> list[int]:
    """Start offsets where ``token`` occurs as a whole letter run."""
    out, i = [], text.find(token)
    while i >= 0:
        e = i + len(token)
        if not (i and _is_letter(text[i - 1])) and not (e < len(text) and _is_letter(text[e])):
            out.append(i)
        i = text.find(token, i + 1)
    return out


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


@dataclass
class _DocWords:
    """What the document itself attests: the letter runs that occur in it."""

    words: set[str]
    counts: dict[str, int]  # candidate token -> how often it occurs
    model: _LangModel

    @cached_property
    def unknown_share(self) -> float:
        """Of the document's long lower-case words, the share wordfreq lacks."""
        return _unknown_share(self.words, self.model)

    def attested(self, word: str) -> bool:
        """The word occurs on its own somewhere in the document, spelled the same way."""
        return word in self.words

    def repeated(self, token: str) -> bool:
        """The token occurs more than once (a deliberate spelling, such as a brand)."""
        return self.counts.get(token, 0) > 1


def _candidate(token: str, model: _LangModel) -> bool:
    """Could this letter run be two glued words?  (Document-independent, so cached.)"""
    if len(token) < 4 or len(token) > MAX_RUN:
        return False
    if _whole_known(token, model):
        return False
    if _CAMEL.search(token) or _ACRONYM_GLUE.match(token):
        return True
    if token.islower():
        return True
    return len(token) >= 5 and token[0].isupper() and token[1:].islower()


def _split_token(token: str, model: _LangModel, doc: _DocWords) -> list[_Split]:
    """The accepted splits of one candidate letter run (usually none)."""
    if _CAMEL.search(token):
        return _split_camel(token, model, doc)
    if token.islower() or (token[0].isupper() and token[1:].islower()):
        sp = _split_lower(token, model, doc)
        if sp is not None and _listed_word(token, sp, model):
            return []
        return [sp] if sp else []
    m = _ACRONYM_GLUE.match(token)
    if m:
        sp = _split_acronym(m.group(1), m.group(2), model, doc)
        return [sp] if sp else []
    return []


def _split_acronym(acronym: str, word: str, model: _LangModel, doc: _DocWords) -> _Split | None:
    """An acronym glued to a lower-case word: "NASAastronaut", "ЕСбез", "UStroops".

    The acronym must occur on its own in the document, and the rest must be a function word or
    a content word of three letters or more ("CEOs", "PDFs", "USAid" stay whole).  An acronym
    the document does not attest must be a frequent word of the language ("PR|director",
    "TV|show", as after a glued function word: "theUSA"), and a content rest four letters long
    ("DJ|ing" stays whole).
    """
    attested = doc.attested(acronym)
    if doc.repeated(acronym + word):
        return None
    if not (attested or model.z(acronym) >= ACRONYM_KNOWN_ZIPF):
        return None
    zr = model.z(word)
    if word in model.glue_function:
        conf = 0.85
    elif len(word) >= (3 if attested else 4) and zr >= model.need(
        "", word, CONTENT_PAIR, doc, word
    ):
        conf = 0.8
    else:
        return None
    why = "used on its own in the document" if attested else "a frequent word"
    return _Split(len(acronym), f"the acronym '{acronym}' ({why}) and '{word}' were glued", conf)


def _listed_word(token: str, split: _Split, model: _LangModel) -> bool:
    """The language's dictionary lists ``token`` as a word: no glue, however rare wordfreq finds
    it ("уровняли", "тирада", "cinemagoing").  Two glued function words are judged by their
    frequencies instead (:func:`_function_pair`): spelling dictionaries list some of those pairs
    ("delos").  Asked only of accepted splits, since a lookup costs up to a few milliseconds."""
    left, right = model.key(token[: split.at]), token[split.at :].lower()
    if left in model.glue_function and right in model.glue_function:
        return False
    return bool(lexicon.spelled(token, model.lang))


def _whole_known(token: str, model: _LangModel) -> bool:
    low = token.lower()
    if low in name_tokens():
        return True
    if model.f(low) < _z(WHOLE_KNOWN_ZIPF):
        return False
    return not _function_pair(low, model)


def _function_pair(low: str, model: _LangModel) -> bool:
    """True for a rare glued pair of function words ("ofthe", "andthe"; not "within")."""
    whole = model.f(low)
    for i in range(1, len(low)):
        left, right = low[:i], low[i:]
        if left in model.function and right in model.function:
            rarer = min(model.f(left), model.f(right))
            if whole < rarer * 10.0 ** (-FUNCTION_PAIR_GAP):
                return True
    return False


def _is_name(word: str, model: _LangModel, doc: _DocWords) -> bool:
    """A capitalised word the document, the name lexicon or wordfreq knows."""
    if not (word[0].isupper() and len(word) >= 2):
        return False
    return doc.attested(word) or word.lower() in name_tokens() or model.f(word) >= _z(2.0)


def _split_camel(token: str, model: _LangModel, doc: _DocWords) -> list[_Split]:
    """lower->Upper glue: "andIraq", "succeedingHussein", Cyrillic "иИрак"."""
    splits: list[_Split] = []
    start = 0
    for m in _CAMEL.finditer(token):
        at = m.start()
        left, right = token[start:at], token[at:]
        sp = _camel_pair(left, right, token, model, doc)
        if sp is not None:
            splits.append(_Split(at, sp.reason, sp.confidence))
            start = at
    tail = None if doc.repeated(token) else _camel_word_tail(token[start:], model, doc)
    if tail is not None:
        splits.append(_Split(start + tail.at, tail.reason, tail.confidence))
    return splits


def _camel_word_tail(token: str, model: _LangModel, doc: _DocWords) -> _Split | None:
    """A known camel-case word glued to a lower-case word: "MacBook|models", "McClatchy|and".

    The camel-case word must be one wordfreq lists or the document attests on its own, and the
    lower-case rest a function word or a content word of four letters or more as frequent as
    after an attested name (so "McCarthy|ism", "YouTube|rs", "iPhone|s" stay whole).
    """
    caps = [i for i, ch in enumerate(token) if ch.isupper()]
    if len(caps) < 2:
        return None
    for at in range(caps[-1] + 2, len(token) - 1):
        left, right = token[:at], token[at:]
        if not (right.islower() and _CAMEL.search(left)):
            continue
        if not (doc.attested(left) or model.f(left) >= _z(WHOLE_KNOWN_ZIPF)):
            continue
        if right in model.glue_function:
            what = "a function word"
        elif len(right) >= 4 and model.z(right) >= model.need("", right, CONTENT_PAIR):
            what = "a known word"
        else:
            continue
        return _Split(
            at, f"'{left}' (a known camel-case word) and '{right}', {what}, were glued", 0.75
        )
    return None


def _camel_pair(
    left: str, right: str, token: str, model: _LangModel, doc: _DocWords
) -> _Split | None:
    low = left.lower()
    is_function = low in model.function
    head = regex.match(r"\p{Lu}[\p{Ll}\p{M}]*", right)
    if head is None:
        return None
    simple = head.group() == right  # "Iraq", "Hussein" (not "McDonald", not "US")
    low_right = right.lower()
    right_known = simple and _is_name(right, model, doc)
    if left[0].isupper():
        # "MacBook", "DeSantis", "LeBron", "PlayStation": a capitalised left part is usually a
        # name particle or a brand.  Split only a one-off token whose parts are well attested.
        if doc.repeated(token) or not simple:
            return None
        if len(left) <= 3 and low in name_tokens() and not is_function:
            return None  # "DelBene", "VanHollen", "AbuDhabi": a name particle
        if low in BRAND_OPENERS:
            return None  # "MyLondon", "OneSky", "YourTango": brands open with these
        if is_function and len(left) >= 3:  # sentence-initial "TheMet", "AndIraq"
            ok = right_known
        elif is_function:  # "InJune": two letters could be a particle ("LaGuardia")
            # ... so the capitalised word must be attested, or a month or weekday name.
            ok = doc.attested(right) or (simple and low_right in lexicon.calendar_words(model.lang))
        else:  # "MovementIraq", "BorisJohnson": a frequent word, then an attested name
            # ... or two long words that form no compounds ("ПодполковникПреподобный"; brands
            # and handles are built of short or compounding pieces: "BlackRock", "BundleHunt").
            ok = (
                len(left) >= 4
                and model.f(left) >= _z(3.5)
                and (
                    doc.attested(right)
                    # "BorisJohnson"; but two given names make one ("AnneClaire", "MaryKate")
                    or (right.lower() in name_tokens() and low not in name_tokens())
                    or (
                        min(len(left), len(right)) >= CAMEL_WORDS_MIN_LEN
                        and model.f(right) >= _z(3.5)
                        and _loose_pair(left, right, model.z(left), model.z(right), model)
                    )
                )
            )
        conf = 0.75
    elif len(left) == 1:
        # "иИрак", "aCompany": a one-letter word must occur on its own in the document ("i" in
        # "iPhone" never does in English prose).
        ok = is_function and doc.attested(left) and right_known
        conf = 0.85
    else:
        if not (is_function or (len(left) >= 3 and model.f(left) >= _z(CAMEL_LEFT_ZIPF))):
            return None
        if not is_function and doc.repeated(token):
            return None  # a camel-case token repeated verbatim is a brand, not an accident
        conf = 0.9 if is_function else 0.85
        if simple:
            # "succeedingHussein", "містіТалса": after a frequent word, any capitalised word of
            # three letters or more is taken for a name.
            # ("medRxiv", "bioRxiv": a short lower-case prefix is part of a brand name.)
            plausible = len(right) >= 3 and (
                is_function or model.f(left) >= _z(3.5 if len(left) >= 4 else 4.5)
            )
            ok = right_known or plausible
            if not right_known:
                conf -= 0.1
        elif right.isupper():  # "andUS": an acronym must occur on its own in the document
            # or be a frequent word of the language ("theUSA", "theBBC")
            # ... also after a frequent content word ("частиСША", "reportedKTUU"): the acronym
            # evidence is the same, and the left word already had to be frequent.
            ok = doc.attested(right) or model.z(right) >= ACRONYM_KNOWN_ZIPF
        else:  # "andMcDonald": the rest must be a known camel-case name
            ok = _whole_known(right, model) or doc.attested(right)
    if not ok:
        return None
    if doc.attested(right):
        conf = min(0.95, conf + 0.05)
    return _Split(
        len(left),
        f"'{left}' and '{right}' were glued where a link began or ended",
        round(conf, 2),
    )


def _split_lower(token: str, model: _LangModel, doc: _DocWords) -> _Split | None:
    """Glue without a case change: "cliffwhich", "ofusers", "Rudolphin", "Уолтонобъявил".

    Every split into two pieces of two letters or more is judged on its own (:func:`_judge`);
    among the accepted ones the most probable pair of words wins (highest product of the two
    unigram frequencies), and only when it is clearly more probable than the next accepted one.
    """
    if len(token) < 4 or doc.repeated(token) or doc.unknown_share > FUNCTION_GLUE_MAX_UNKNOWN:
        return None
    if model.lang in AGGLUTINATIVE_LANGS:
        return None
    capital = token[0].isupper()
    if capital and len(token) < 5:
        return None
    found: list[tuple[float, _Split]] = []
    for at in range(2, len(token) - 1):
        judged = _judge(token[:at], token[at:], model, doc, capital)
        if judged is not None:
            found.append((judged[0], _Split(at, judged[1], judged[2])))
    if not found:
        return None
    # A split on the looser evidence (:func:`_loose_pair`) only counts when no other split of
    # the token passes ("Симсу|было" with "Симс" attested is not "Симс|убыло").
    strict = [c for c in found if c[1].confidence != LOOSE_CONFIDENCE]
    found = strict or found
    found.sort(key=lambda c: c[0], reverse=True)
    if len(found) > 1 and found[0][0] - found[1][0] < AMBIGUITY_MARGIN:
        return None  # "to|many" vs "tom|any" when both were close: leave the token alone
    return found[0][1] if found[0][1].confidence > VETOED else None


def _judge(
    left: str, right: str, model: _LangModel, doc: _DocWords, capital: bool
) -> tuple[float, str, float] | None:
    """(score, reason, confidence) when ``left|right`` is an acceptable split, else None.

    The score is the sum of the two Zipf frequencies (the log of the product of their unigram
    probabilities).  A content word must be the more frequent the more productive the piece next
    to it is as a word-former in the language's own word list (see :meth:`_LangModel.need`):
    Russian "не", "по", German "mit", "aus", English "over" begin thousands of listed words, so an
    unknown "неанглийской" or "zurückprallt" is far more likely a real word than a glue.
    """
    low = model.key(left)
    zl, zr = model.z(low), model.z(right)
    fl, fr = low in model.glue_function, right in model.glue_function
    if capital:
        return _judge_capital(left, right, zl, zr, fr, model, doc)
    if zl <= 0.0 or zr <= 0.0:
        return None
    quoted = f"'{left}' and '{right}'"
    if fl and fr:  # "on|the", "if|it", "и|не"
        return zl + zr + FUNCTION_BONUS, f"{quoted} are both function words, glued", 0.9
    if fl or fr:
        # One function word: "of|users", "на|месте" (it must be a free word, not a prefix) or
        # "around|as", "system|to", "информации|об".
        func, content, zc, floor = (
            (left, right, zr, CONTENT_AFTER_FUNCTION) if fl
            else (right, left, zl, CONTENT_BEFORE_FUNCTION)
        )
        if len(content) < 3 or zc < floor - ATTESTED_BONUS:  # (cheap test first)
            return None
        if zc < model.need(low, right, floor, doc, content):
            return None
        return (
            zl + zr + FUNCTION_BONUS,
            f"{quoted} were glued: '{func}' is a function word and '{content}' a known word",
            0.85,
        )
    # Two content words: never in languages that write compounds closed ("Klimaschutzgesetz").
    if model.closed_compounds or len(left) < 3 or len(right) < 3:
        return None
    if min(zl, zr) < min(CONTENT_PAIR - ATTESTED_BONUS, LOOSE_PAIR):
        return None
    if doc.unknown_share > CONTENT_GLUE_MAX_UNKNOWN:
        return None
    if zl >= model.need(low, right, CONTENT_PAIR, doc, left) and zr >= model.need(
        low, right, CONTENT_PAIR, doc, right
    ):
        if model.has_sibling(left + right, len(left), past=2):
            # "four|balls" beside a listed "fourball": a form of a listed word.  It still
            # competes, so a rival split ("fields|end" against "field|send") is not taken.
            return zl + zr, f"{quoted} form a listed word's stem", VETOED
        return zl + zr, f"{quoted} are both known words, glued", 0.7
    if _loose_pair(left, right, zl, zr, model):
        reason = f"{quoted} are known words that form no compounds, glued"
        return zl + zr, reason, LOOSE_CONFIDENCE
    return None


def _loose_pair(
    left: str, right: str, zl: float, zr: float, model: _LangModel, left_attested: bool = False
) -> bool:
    """Rarer content words, glued: neither forms compounds, and the token is no word's form.

    A closed compound is made of pieces that form compounds in the word list ("bird|song",
    "code|sharing"); when neither piece takes part in more than a few listed compounds
    ("frigid", "canyons", inflected forms such as "помощь", "прослеживается"), the pair is
    glue.  The pieces must be long enough that chance matches are rare, and the token must not
    be a form of a listed word.  A piece that is a lexicon name ("dali|gault", "Abdi|shakur")
    makes the token more likely a longer name, unless the document attests the left piece on
    its own (the caller says so).
    """
    if min(len(left), len(right)) < LOOSE_MIN_LEN or min(zl, zr) < LOOSE_PAIR:
        return False
    if _lexicon_name(right, model) or (not left_attested and _lexicon_name(left, model)):
        return False
    if model.has_sibling(left + right, len(left)):  # (the cheaper test first)
        return False
    return max(model.forms_compounds(left, right)) <= NONCOMPOUND_MAX


def _judge_capital(
    left: str,
    right: str,
    zl: float,
    zr: float,
    fr: bool,
    model: _LangModel,
    doc: _DocWords,
) -> tuple[float, str, float] | None:
    """A capitalised word glued to a lower-case one: "Rudolph|in", "Уолтон|объявил".

    The capitalised piece must occur on its own elsewhere in the document (a name the text
    attests) or be a frequent word; the lower-case piece a function word or a frequent word.
    Unknown capitalised words are mostly names, so a frequent piece alone is not enough:
    "Thomason" is not "Thomas on" unless "Thomas" occurs on its own and "on" is a word that
    seldom ends names.
    """
    attested = doc.attested(left)
    quoted = f"'{left}' and '{right}'"
    if (
        not attested
        and right in model.strong_suffix
        and zr >= NAME_SUFFIX_ZIPF
        # "Abdollahian|who"; shorter unknown Latin names end in such words ("Hildasay",
        # "Abdirahim"); Cyrillic ones are inflected names ("Симсу|было")
        and len(left) >= (UNKNOWN_NAME_MIN_LEN if left.isascii() else 5)
        and regex.search(r"[aeiouyаеёиоуыэюяіїє]", left.lower())
    ):
        # An unknown capitalised word before "who"/"which" (a word that ends almost no other
        # word): a name, kept whole ("Abdollahian|who").
        return zr, f"{quoted} were glued: '{right}' is a function word after a name", 0.75
    if len(left) < 3 or zr <= 0.0:
        return None
    if attested:
        # The document's own vocabulary stands in for the name's frequency.
        zl = max(zl, ATTESTED_NAME_ZIPF)
        what = f"{quoted} were glued: '{left}' occurs on its own elsewhere in the document"
    elif (
        len(left) >= 4
        and zr >= CAPITAL_RIGHT_ZIPF
        and (len(right) >= 4 or right in model.glue_function)
        and _capital_then_word(left, right, zl, model)
    ):
        what = f"{quoted} were glued: '{left}' is a known name or word"
    elif (
        not fr
        and not model.closed_compounds
        and zl >= ATTESTED_NAME_ZIPF
        and _loose_pair(left, right, zl, zr, model)
    ):
        # "Gaming|community", "Управление|подверглось": a frequent word (as frequent as an
        # attested name is ranked) and a word that never ends compounds.  Names built of words
        # end in compounding pieces ("Shire|green", "Spring|field"), which this excludes.
        reason = f"{quoted} are known words that form no compounds, glued"
        return zl + zr, reason, LOOSE_CONFIDENCE
    else:
        return None
    if fr:
        # "Praxisverwaltungssystem|en": in a compounding language an attested stem plus an
        # inflection ending that is also a function word is usually the plural.
        if model.closed_compounds and zl < model.need("", right, CONTENT_BEFORE_FUNCTION):
            return None
        return zl + zr + FUNCTION_BONUS, f"{what} and '{right}' is a function word", 0.8
    if model.closed_compounds:
        return None  # "Behandlungskette": a capitalised compound, not glue
    # "Clegg|mania", "Игр|ист": a short or word-forming ending is not split off a name.
    if len(right) >= 4 and zr >= model.need(model.key(left), right, CONTENT_PAIR):
        return zl + zr, f"{what} and '{right}' is a known word", 0.75
    if attested and _loose_pair(left, right, zl, zr, model, left_attested=True):
        # "Weibo|commenter", "Корея|осудила": an attested name, then a rarer word that ends
        # no compounds (so no name-forming ending such as "-mania", "-gate", "-land").
        reason = f"{what} and '{right}' is a known word that ends no compounds"
        return zl + zr, reason, LOOSE_CONFIDENCE
    return None


def _capital_then_word(left: str, right: str, zl: float, model: _LangModel) -> bool:
    """A capitalised word the document does not attest may be split from the word after it
    when it is a frequent word ("Monday|in") or a lexicon name, but a lexicon name only before
    a word that ends few names: "Abdollahi|an", "Mary|in" (Sergei Maryin) are names too."""
    if _lexicon_name(left, model):
        return _name_ending_share(right) < NAME_ENDING_MAX_SHARE
    return zl >= CAPITAL_KNOWN_ZIPF


def _lexicon_name(word: str, model: _LangModel) -> bool:
    """``word`` is in the name lexicons (Latin name tokens, the language's proper names)."""
    key = model.key(word)
    return key in name_tokens() or key in lexicon.proper_name_words(model.lang)


def _zipf(freq: float) -> float:
    return math.log10(freq) + 9 if freq > 0 else 0.0
