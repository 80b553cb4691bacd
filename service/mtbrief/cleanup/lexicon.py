"""Per-language word knowledge shared by the repairs: word frequencies (wordfreq), function words
(stopwords-iso filtered by frequency), month and weekday names (Babel's CLDR data).

Everything is loaded lazily, once per language, and cached.  Nothing here is tuned to an article:
it is general knowledge about a language.
"""

from __future__ import annotations

from functools import lru_cache

import wordfreq

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


@lru_cache(maxsize=64)
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


@lru_cache(maxsize=64)
def function_words(lang: str | None) -> frozenset[str]:
    """Closed-class words (prepositions, articles, pronouns, conjunctions...) of a language."""
    import stopwordsiso

    lang = base_lang(lang)
    if not lang or not stopwordsiso.has_lang(lang):
        return frozenset()
    words = stopwordsiso.stopwords(lang)
    return frozenset(w for w in words if w.isalpha() and zipf(w, lang) >= FUNCTION_WORD_MIN_ZIPF)


@lru_cache(maxsize=64)
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
