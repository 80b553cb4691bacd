"""The language-model check: candidates, the decision rule, when it runs, and the real model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from mtbrief.cleanup.document import Document, Edit, apply_edits
from mtbrief.cleanup.pipeline import Pipeline
from mtbrief.cleanup.repairs import lm_check
from mtbrief.cleanup.repairs.link_capitals import LinkCapitalsRepair
from mtbrief.cleanup.repairs.lm_check import MIN_GAIN, LanguageModelCheck, candidates_in, judge

CONTEXT = (
    "The company opened a new office in the city last year. Its workers said the move was good "
    "for the town. The mayor said the plan would bring jobs to the area. "
)


class FakeScorer:
    """Log-probability 0 for every text, plus a bonus for each marker it contains."""

    name = "fake-lm"

    def __init__(self, bonus: dict[str, float]) -> None:
        self.bonus = bonus
        self.calls: list[list[str]] = []

    def log_probs(self, texts: Sequence[str]) -> list[float]:
        self.calls.append(list(texts))
        return [sum(v for k, v in self.bonus.items() if k in t) for t in texts]


@pytest.fixture(autouse=True)
def _no_multilingual_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests judge Russian with the small model's rules, whether or not this machine has the
    multilingual model prepared (CI has not); the multilingual tests below switch it on."""
    monkeypatch.setattr(lm_check, "is_available", lambda model: False)


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.word) for c in candidates_in(text, "en")]


def _capitals(text: str) -> list[str]:
    return [word for kind, word in _kinds(text) if kind == "link_capital"]


def test_candidates_are_full_stops_and_capitals_the_model_can_judge() -> None:
    text = CONTEXT + "The board voted to suspend. Garrett for the season, an acute Issue in town."
    assert _kinds(text) == [("sentence_break", "Garrett"), ("link_capital", "Issue")]
    cands = candidates_in(text, "en")
    assert text[cands[0].start : cands[0].end] == "." and cands[0].replacement == ""
    assert text[cands[1].start : cands[1].end] == "Issue" and cands[1].replacement == "issue"


def test_acronyms_after_a_full_stop_are_candidates_but_not_as_capitals() -> None:
    text = CONTEXT + "The study was published in the journal. BMJ editors and the NBA agreed."
    assert _kinds(text) == [("sentence_break", "BMJ")]


@pytest.mark.parametrize(
    "sentence",
    [
        "He won the race. The crowd cheered and went home.",  # a function word opens it
        "He left on Monday. May was warm and dry this year.",  # a month
        "The officers of Devon and Cornwall Police said so.",  # a name of common words
        "The move was planned in the U.S. Army base last year.",  # an abbreviation
        "BREAKING NEWS Storm Hits The Coast Tonight\nThe storm hit the coast.",  # a headline
    ],
)
def test_no_candidates_where_a_capital_is_expected(sentence: str) -> None:
    assert _kinds(CONTEXT + sentence) == []


LINED = CONTEXT.replace(". ", ".\n", 1)  # a text that keeps its line breaks


def test_function_words_before_or_inside_a_name_are_candidates() -> None:
    # after a word no sentence ends on, and inside a name that stands mid-sentence
    assert ("link_capital", "The") in _kinds(CONTEXT + "They were heading to The United States.")
    assert ("link_capital", "Of") in _kinds(CONTEXT + "He taught at the University Of Miami.")
    # flattened text, after a word a sentence may end on: a caption or heading may run in here
    flat = CONTEXT + "The rifle was stolen from a hotel parking lot The FBI said it would help."
    assert ("link_capital", "The") not in _kinds(flat)
    # conjunctions and "A"/"An" before a name more often open a sentence whose stop is missing
    level = CONTEXT + "It was level on goal difference But Wales won."
    assert ("link_capital", "But") not in _kinds(level)


def test_function_word_capitals_are_candidates_where_the_sentence_runs_on() -> None:
    # a line break keeps headings apart, so inside a line "The" after "of" continues a sentence
    text = LINED + "Heavy rain is expected across parts of The Northeast on Sunday."
    assert ("link_capital", "The") in _kinds(text)
    # flattened text, one long sentence: "And" may open a sentence whose full stop is missing,
    # so it is judged only at the stricter bound of the loose candidates
    flat = CONTEXT + (
        "Analysts who have followed the company and its rivals for many years say that the firm "
        "now offers delivery for online and mobile orders in 67 cities And just one day into the "
        "new plan the managers and the owners said that they had hoped for far more orders."
    )
    (and_,) = [c for c in candidates_in(flat, "en") if c.word == "And"]
    assert and_.min_gain == lm_check.LOOSE_FUNCTION_MIN_GAIN
    # ... but writers almost never open a sentence with "Of": no full stop is missing before it
    flat_of = flat.replace("in 67 cities And just", "in 67 cities Of the state, and just")
    assert ("link_capital", "Of") in _kinds(flat_of)


# capitals the stricter rules leave, judged at their own bounds ("loose" candidates)
LOOSE = CONTEXT + (
    "He said much work Still had to be done. The firm had made The headlines this week. The "
    "Violence Policy Center and the Violence Policy Center's staff said that he was charged over "
    "domestic Violence and a fight, and the alleged sex Trafficker Jeffrey Epstein was named."
)


def test_loose_english_capitals_carry_their_own_bound() -> None:
    pytest.importorskip("spylls")
    loose = {c.word: c.min_gain for c in candidates_in(LOOSE, "en") if c.min_gain is not None}
    assert loose == {
        "Still": lm_check.LOOSE_FUNCTION_MIN_GAIN,
        "The": lm_check.LOOSE_FUNCTION_MIN_GAIN,
        # capitalised twice more in this text: the stricter rule reads a name
        "Violence": lm_check.LOOSE_COMMON_MIN_GAIN,
        "Trafficker": lm_check.LOOSE_COMMON_MIN_GAIN,
    }
    assert lm_check.MIN_GAIN < lm_check.LOOSE_FUNCTION_MIN_GAIN < lm_check.LOOSE_COMMON_MIN_GAIN
    # never before punctuation, in a name that runs on through a connector, or in other languages
    sound = CONTEXT + (
        "He crossed at the Rukban Crossing for Refugees on foot. He joined the Headmasters' "
        "Conference Still, and that was all."
    )
    assert [c for c in candidates_in(sound, "en") if c.min_gain is not None] == []
    assert not any(c.min_gain for c in candidates_in(LOOSE, "de", broad=True))


@pytest.mark.parametrize("shift", [-0.5, 0.0])
def test_loose_english_capitals_are_judged_at_their_own_bound(
    monkeypatch: pytest.MonkeyPatch, shift: float
) -> None:
    """The document's bound (MIN_GAIN) would accept all four; each is held to its own."""
    fn, common = lm_check.LOOSE_FUNCTION_MIN_GAIN, lm_check.LOOSE_COMMON_MIN_GAIN
    bonus = {
        "work still had": fn + shift,
        "made the headlines": fn,
        "domestic violence": common + shift,
        "sex trafficker": common,
    }
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: FakeScorer(bonus))
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="none")
    words = [LOOSE[p.start : p.end] for p in check.propose(_doc(LOOSE, evidence=True))]
    expected = ["The", "Trafficker"] if shift < 0 else ["Still", "The", "Violence", "Trafficker"]
    assert words == expected


def test_a_common_word_capitalised_after_a_name_is_a_candidate() -> None:
    text = CONTEXT + "Neumann borrowed against his WeWork Shares and leased offices to the firm."
    assert _capitals(text) == ["Shares"]
    # an acronym that spells a function word in lower case ("us") is a name all the same
    assert _capitals(CONTEXT + "Officials said the US Troops were sent home.") == ["Troops"]
    (cand,) = [c for c in candidates_in(text, "en") if c.kind == "link_capital"]
    assert text[cand.start : cand.end] == "Shares" and cand.replacement == "shares"


@pytest.mark.parametrize(
    "sentence",
    [
        # the text capitalises the word again: part of a name
        "The Ryder Cup Matches start today. Fans say the Ryder Cup Matches are the best.",
        # a name that runs on through a connector
        "He crossed at the Rukban Crossing for Refugees on foot last week.",
        # a word that names capitalise often (spaCy's case statistics)
        "He was a guest at Windsor Castle last week with his wife.",
        # after a function word the capital opens the name itself
        "Officials from The Group said they would meet.",
    ],
)
def test_no_name_tail_candidate_where_the_name_goes_on(sentence: str) -> None:
    # ("from The Group": the function word before the name is the model's to judge)
    capitals = _capitals(CONTEXT + sentence)
    assert [w for w in capitals if w.lower() not in lm_check.NAME_FUNCTION_WORDS] == []


def test_a_full_stop_before_a_camel_case_name_is_a_candidate_but_no_capital() -> None:
    text = CONTEXT + (
        "The state attorney general is investigating. WeWork amid layoffs. The firm was "
        "launched to help Microsoft woo. VMware customers and the WeWork staff."
    )
    assert _kinds(text) == [("sentence_break", "WeWork"), ("sentence_break", "VMware")]


def test_a_common_word_the_text_always_ends_with_a_full_stop_is_no_abbreviation() -> None:
    # MT cut every use of "told" off with a full stop: it is still a word, not "Dr." or "corp."
    text = CONTEXT + (
        "Sources told. CNN that a year later he had changed. Bornstein told. CNN in 2018 that "
        "the letter was his own."
    )
    assert [w for k, w in _kinds(text) if k == "sentence_break"].count("CNN") == 2
    abbreviated = CONTEXT + "She met the corp. Board in May and again the corp. Board in June."
    assert [w for k, w in _kinds(abbreviated) if k == "sentence_break"] == []


def test_a_common_word_capitalised_after_a_sentence_opening_determiner_is_a_candidate() -> None:
    text = CONTEXT + "It lost a passenger. The Airline said it was working with the police."
    assert _capitals(text) == ["Airline"]
    assert _capitals(CONTEXT + "The Group announced that it had cut jobs.") == ["Group"]
    # a name that writers capitalise anywhere, and the same determiner inside a sentence
    assert _capitals(CONTEXT + "It lost a passenger. The Pentagon said it was a disaster.") == []
    assert _capitals(CONTEXT + "Officials from The Group said they would meet.") == ["The"]


def test_a_common_word_capitalised_after_a_sentence_opening_pronoun_is_a_candidate() -> None:
    assert _capitals(CONTEXT + "It Has become increasingly clear that the plan failed.") == [
        "Has"
    ]
    assert "Got" in _capitals(CONTEXT + "You've Got to learn from that, the coach said.")
    # a name, or a word that names use, after the pronoun stays ("It Was Trump", "We Are
    # Family"); so does a pronoun that opens a title-case line
    assert _capitals(CONTEXT + "It Was Trump who said that the plan failed.") == []
    assert _capitals(CONTEXT + "\nIt Has Become Clear That The Plan Failed\n") == []


def test_a_rare_word_the_dictionary_knows_only_in_lower_case_is_a_candidate() -> None:
    # rarer than MIN_WORD_ZIPF, but no name: the spelling dictionary writes it in lower case
    text = CONTEXT + "His interview on the radio is Tantamount to a confession, they said."
    assert _capitals(text) == ["Tantamount"]
    # a rare name stays, and so does a common word before punctuation, as in names made of
    # common words whose apostrophes became quotes
    assert _capitals(CONTEXT + "The deal was signed by the Bevin family in town.") == []
    assert _capitals(
        CONTEXT + 'They were backed by the Headmasters" and Headmistresses" Conference.'
    ) == []
    # the text's last word (nothing after it to test)
    assert _capitals(CONTEXT + "His interview was Tantamount") == []


def test_the_article_a_capitalised_inside_a_sentence_is_a_candidate() -> None:
    text = LINED + "It did political damage over the course of A long investigation."
    assert _capitals(text) == ["A"]


def test_judge_takes_only_repairs_the_model_finds_far_likelier() -> None:
    text = CONTEXT + "The board voted to suspend. Garrett for the season, an acute Issue in town."
    cands = candidates_in(text, "en")
    # the repaired full stop gains MIN_GAIN + 1; the lower-cased capital only MIN_GAIN - 1
    scorer = FakeScorer({"suspend Garrett": MIN_GAIN + 1, "acute issue": MIN_GAIN - 1})
    proposals = judge(text, cands, scorer)
    assert [(p.kind, text[p.start : p.end], p.replacement) for p in proposals] == [
        ("sentence_break", ".", "")
    ]
    assert "fake-lm" in proposals[0].reason and f"+{MIN_GAIN + 1:.1f}" in proposals[0].reason
    assert 0.6 <= proposals[0].confidence <= 0.8
    assert len(scorer.calls) == 1 and len(scorer.calls[0]) == 4  # one batch, two per candidate


def _doc(text: str, lang: str = "en", evidence: bool = False) -> Document:
    doc = Document(original=text, lang=lang, script="Latin")
    if evidence:
        doc.edits = [Edit(start=0, end=3, before="The", after="The", kind="glued_word",
                          reason="test", confidence=0.9)]
    return doc


RU_CONTEXT = (
    "Компания открыла новый офис в городе в прошлом году. Её сотрудники сказали, что переезд "
    "пошёл городу на пользу. Мэр заявил, что план принесёт району рабочие места. "
)
def _auto(
    monkeypatch: pytest.MonkeyPatch, text: str, lang: str, bonus: dict[str, float]
) -> list[str]:
    """What the check in mode "auto" repairs in ``text`` (with rule evidence), its model a
    FakeScorer with ``bonus``: each proposal's span with 6 characters before and 10 after."""
    scorer = FakeScorer(bonus)
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    proposals = LanguageModelCheck(mode="auto").propose(_doc(text, lang, evidence=True))
    return [text[p.start - 6 : p.end + 10] for p in proposals]


CAPITAL_ONLY = CONTEXT + "The board met on Monday to discuss an acute Issue in town."
BREAK = CONTEXT + "The board voted to suspend. Garrett for the season."


@pytest.mark.parametrize(
    ("mode", "lang", "evidence", "text", "runs"),
    [
        # no rule found link damage and no full stop to probe: not second-guessed
        ("auto", "en", False, CAPITAL_ONLY, False),
        ("auto", "en", True, CAPITAL_ONLY, True),  # a rule found link damage here
        ("auto", "en", False, BREAK, True),  # the full stop is probed
        ("always", "en", False, CAPITAL_ONLY, True),
        ("off", "en", True, BREAK, False),
        # the small model reads little Russian: a full stop between two clauses, before a
        # common word, is never judged
        (
            "always", "ru", True,
            RU_CONTEXT + "Посыл заключается в том, что страна в беде. Хакер проник на базу.",
            False,
        ),
    ],
)
def test_when_the_check_runs(
    monkeypatch: pytest.MonkeyPatch, mode: str, lang: str, evidence: bool, text: str, runs: bool
) -> None:
    scorer = FakeScorer({"suspend Garrett": 20.0, "acute issue": 20.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    proposals = LanguageModelCheck(mode=mode).propose(_doc(text, lang, evidence))
    assert bool(scorer.calls) is runs
    assert len(proposals) == (1 if runs else 0)


PROBED = CONTEXT + (
    "Officials said the storm had passed the coast. Rescue teams reached the town by noon. The "
    "board voted to suspend. Garrett for the season. Residents were told to stay inside. Police "
    "closed the main road after the flood. Volunteers handed out water all day, an acute Issue "
    "in town."
)


def test_probes_are_the_full_stops_that_leave_the_shortest_fragment() -> None:
    cands = candidates_in(PROBED, "en")
    assert [c.word for c in cands if c.kind == "sentence_break"] == [
        "Officials", "Rescue", "Garrett", "Residents", "Police", "Volunteers"
    ]
    # "Garrett for the season" and the sentence before "Residents" have 4 words; the other
    # full stops leave 6 or more on both sides
    assert [c.word for c in lm_check.probes_in(cands)] == ["Garrett", "Residents"]
    assert lm_check.PROBES == 2


def test_sound_probes_close_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """No rule evidence and the probed full stops are sound: nothing else is scored."""
    scorer = FakeScorer({"acute issue": 20.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    assert LanguageModelCheck(mode="auto").propose(_doc(PROBED)) == []
    assert len(scorer.calls) == 1 and len(scorer.calls[0]) == 2 * lm_check.PROBES


def test_a_damaged_probe_opens_the_whole_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """A probe the model repairs is evidence of link damage: every candidate is judged."""
    scorer = FakeScorer({"suspend Garrett": lm_check.PROBE_MIN_GAIN, "acute issue": 20.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    proposals = LanguageModelCheck(mode="auto").propose(_doc(PROBED))
    assert [(p.kind, PROBED[p.start : p.end]) for p in proposals] == [
        ("sentence_break", "."), ("link_capital", "Issue")
    ]
    assert [p.start for p in proposals] == sorted(p.start for p in proposals)
    scored = [passage for call in scorer.calls for passage in call]
    assert len(scored) == 2 * len(candidates_in(PROBED, "en"))  # each candidate once


def test_a_probe_needs_the_higher_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without rule evidence damage is less likely, so a probe needs PROBE_MIN_GAIN nats."""
    gain = (MIN_GAIN + lm_check.PROBE_MIN_GAIN) / 2
    scorer = FakeScorer({"suspend Garrett": gain})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    assert MIN_GAIN < gain < lm_check.PROBE_MIN_GAIN
    assert LanguageModelCheck(mode="auto").propose(_doc(PROBED)) == []
    assert len(LanguageModelCheck(mode="auto").propose(_doc(PROBED, evidence=True))) == 1


ES_CONTEXT = (
    "La empresa abrió una nueva oficina en la ciudad el año pasado. Sus trabajadores dijeron que "
    "el cambio era bueno para el pueblo. El alcalde dijo que el plan traería empleo a la zona. "
)
ES_BREAK = ES_CONTEXT + "La película la protagoniza la cocinera. Seynabou Dbiouge en Dakar."


@pytest.mark.parametrize(
    "gain", [lm_check.BREAK_LANGS_MIN_GAIN - 0.5, lm_check.BREAK_LANGS_MIN_GAIN]
)
def test_other_latin_languages_get_full_stops_judged_under_the_stricter_bound(
    monkeypatch: pytest.MonkeyPatch, gain: float
) -> None:
    """Spanish, French, Portuguese: the model reads them less well, so it judges only full
    stops, and needs BREAK_LANGS_MIN_GAIN nats, probes and rule evidence alike."""
    scorer = FakeScorer({"cocinera Seynabou": gain, "Dakar": 0.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    assert "es" in lm_check.BREAK_LANGS and lm_check.BREAK_LANGS_MIN_GAIN > MIN_GAIN
    for evidence in (False, True):
        proposals = LanguageModelCheck(mode="auto").propose(_doc(ES_BREAK, "es", evidence))
        taken = gain >= lm_check.BREAK_LANGS_MIN_GAIN
        assert [ES_BREAK[p.start : p.end] for p in proposals] == (["."] if taken else [])
        assert all(p.kind == "sentence_break" for p in proposals)


# the spurious full stop leaves "Северной Кореи с 2006 года." without any word that can be a verb
RU_VERBLESS = RU_CONTEXT + (
    "Совет единогласно усиливал санкции в отношении. Северной Кореи с 2006 года."
)
# both sentences keep a verb ("заключается", "проник"): a full stop the model may not judge
RU_VERBS = RU_CONTEXT + "Посыл заключается в том, что страна в беде. Хакер проник на базу ночью."


def _break_candidates(text: str, lang: str) -> list[tuple[str, bool]]:
    return [(c.word, c.verbless) for c in candidates_in(text, lang) if c.kind == "sentence_break"]


def test_russian_full_stops_are_marked_when_one_side_keeps_no_verb() -> None:
    pytest.importorskip("pymorphy3")
    assert ("Северной", True) in _break_candidates(RU_VERBLESS, "ru")
    assert ("Хакер", False) in _break_candidates(RU_VERBS, "ru")
    # the mark is Russian only: other languages have no morphological dictionary for it
    assert all(not v for _, v in _break_candidates(ES_BREAK, "es"))


@pytest.mark.parametrize(
    "gain", [lm_check.VERBLESS_MIN_GAIN - 0.5, lm_check.VERBLESS_MIN_GAIN]
)
def test_russian_full_stops_are_judged_only_beside_a_verbless_side(
    monkeypatch: pytest.MonkeyPatch, gain: float
) -> None:
    """The small model reads Russian less surely: it judges only the full stops that leave a
    side without a verb, at VERBLESS_MIN_GAIN nats, where a rule found link damage; a full stop
    between two sentences with verbs is never scored, however much the model prefers the text
    without it."""
    pytest.importorskip("pymorphy3")
    scorer = FakeScorer({"отношении Северной": gain, "беде Хакер": 30.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    assert "ru" in lm_check.BREAK_LANGS and "ru" in lm_check.VERBLESS_LANGS
    taken = gain >= lm_check.VERBLESS_MIN_GAIN
    proposals = LanguageModelCheck(mode="auto").propose(_doc(RU_VERBLESS, "ru", evidence=True))
    assert [RU_VERBLESS[p.start - 9 : p.end + 9] for p in proposals] == (
        ["отношении. Северной"] if taken else []
    )
    # without a rule's evidence of link damage nothing is probed (the cost of Russian passages)
    scorer.calls.clear()
    assert LanguageModelCheck(mode="auto").propose(_doc(RU_VERBLESS, "ru")) == []
    assert scorer.calls == []
    scorer.calls.clear()
    assert LanguageModelCheck(mode="always").propose(_doc(RU_VERBS, "ru", True)) == []
    assert not any("Хакер" in t for call in scorer.calls for t in call)


# both sentences keep a verb, but the word after the full stop reads as a name (unknown to the
# dictionary): "в районе. Дунгала"
RU_NAMED = RU_CONTEXT + "Спасатели работали в районе. Дунгала проживает свыше 300 тысяч человек."


@pytest.mark.parametrize("gain", [lm_check.NAMED_MIN_GAIN - 0.5, lm_check.NAMED_MIN_GAIN])
def test_russian_full_stops_before_a_name_are_judged_at_their_own_bound(
    monkeypatch: pytest.MonkeyPatch, gain: float
) -> None:
    """MT cuts sentences before names, and clean Russian news opens most sentences with a
    common word: a full stop before a word that reads as a name is judged at NAMED_MIN_GAIN
    nats even when both sides keep a verb; before a common word ("беде. Хакер") it is not."""
    pytest.importorskip("pymorphy3")
    assert [c.word for c in candidates_in(RU_NAMED, "ru") if c.named] == ["Дунгала"]
    assert not any(c.named for c in candidates_in(RU_VERBS, "ru"))
    taken = gain >= lm_check.NAMED_MIN_GAIN
    assert _auto(monkeypatch, RU_NAMED, "ru", {"районе Дунгала": gain}) == (
        ["районе. Дунгала п"] if taken else []
    )


def test_russian_documents_without_evidence_get_full_stops_before_names_probed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where no rule found link damage, a Russian document's full stops before a name are
    probed at NAMED_MIN_GAIN; one the model repairs opens the document to the
    rest of the check, and a document whose probes are sound costs nothing more."""
    pytest.importorskip("pymorphy3")
    text = RU_NAMED + " Он сказал, что каждый активный шпион Был скомпрометирован."
    for gain, expected in ((lm_check.NAMED_MIN_GAIN, 2), (lm_check.NAMED_MIN_GAIN - 0.5, 0)):
        scorer = FakeScorer({"районе Дунгала": gain, "шпион был": 20.0})
        monkeypatch.setattr(lm_check, "get_scorer", lambda model, s=scorer: s)
        proposals = LanguageModelCheck(mode="auto").propose(_doc(text, "ru"))
        assert len(proposals) == expected
        assert len(scorer.calls) == (2 if expected else 1)  # probe, then the rest
    # a full stop before a common word is never a probe
    scorer = FakeScorer({"беде Хакер": 30.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    assert LanguageModelCheck(mode="auto").propose(_doc(RU_VERBS, "ru")) == []
    assert scorer.calls == []


DE_BREAK = (
    "Die Firma eröffnete im vergangenen Jahr ein neues Büro in der Stadt. Die Mitarbeiter sagten, "
    "der Umzug sei gut für die Gemeinde. Der Landrat bereitet sich auf einen harten. Wahlkampf "
    "vor, sagte ein Sprecher."
)


@pytest.mark.parametrize("gain", [8.5, 9.0])
def test_german_full_stops_need_the_german_bound(
    monkeypatch: pytest.MonkeyPatch, gain: float
) -> None:
    """German capitalises every noun, so a full stop before a capital is common in clean
    German: the model must prefer the text without it by BREAK_LANG_BOUNDS["de"] nats."""
    assert "de" in lm_check.BREAK_LANGS
    bound = lm_check.BREAK_LANG_BOUNDS["de"]
    assert bound > lm_check.BREAK_LANGS_MIN_GAIN
    assert _auto(monkeypatch, DE_BREAK, "de", {"harten Wahlkampf": gain}) == (
        ["harten. Wahlkampf"] if gain >= bound else []
    )


def test_other_latin_languages_get_no_capitals_judged_by_the_small_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = ES_CONTEXT + "El consejo habló de un Problema grave en la ciudad."
    scorer = FakeScorer({"un problema": 20.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    assert LanguageModelCheck(mode="always").propose(_doc(text, "es", True)) == []
    assert scorer.calls == []


def test_judge_of_no_candidates_scores_nothing() -> None:
    scorer = FakeScorer({})
    assert judge(CONTEXT, [], scorer) == [] and scorer.calls == []


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="cleanup_lm must be one of"):
        LanguageModelCheck(mode="sometimes")


def test_missing_model_is_reported_as_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: None)
    text = CONTEXT + "The board voted to suspend. Garrett for the season."
    result = Pipeline([LanguageModelCheck(mode="always")])(text, lang="en")
    assert result.text == text and result.edits == []
    assert result.skipped == ["lm_check (model 'small' not prepared)"]


# -- the real packaged model ---------------------------------------------------------------------
def _small_model_ready() -> bool:
    from mtbrief.brief.models import read_manifest

    return read_manifest("small") is not None


real_model = pytest.mark.skipif(
    not _small_model_ready(),
    reason="the small model is not prepared: run `mtbrief models prepare --model small`",
)

DAMAGED = (
    "The league said on Friday that it had decided to suspend. Garrett for the rest of the "
    "season after the fight. Officials said the decision was final and that the player would "
    "miss the remaining six games. The team's coach called the ban an acute Issue for the "
    "club, which has struggled with injuries all year."
)
REPAIRED = DAMAGED.replace("suspend. Garrett", "suspend Garrett").replace(
    "acute Issue", "acute issue"
)
CLEAN = (
    "The league said on Friday that it had suspended Garrett for the rest of the season. "
    "Officials said the decision was final. Garrett will miss the remaining six games. The "
    "team's coach, Freddie Kitchens, called the ban harsh but fair. Cleveland plays Pittsburgh "
    "again in two weeks."
)


@real_model
def test_real_model_repairs_a_broken_sentence() -> None:
    pipe = Pipeline([LinkCapitalsRepair(), LanguageModelCheck(mode="always")])
    result = pipe(DAMAGED, lang="en")
    assert result.text == REPAIRED
    assert apply_edits(DAMAGED, result.edits) == REPAIRED
    assert {e.kind for e in result.edits} <= {"sentence_break", "link_capital"}


@real_model
@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        (
            "Heavy rain is expected across parts of The Northeast on Sunday.",
            "Heavy rain is expected across parts of the Northeast on Sunday.",
        ),
        (
            "He said the judge should be impeached By the House and removed from office.",
            "He said the judge should be impeached by the House and removed from office.",
        ),
        (
            "Neumann had borrowed against his WeWork Shares and leased offices to the firm.",
            "Neumann had borrowed against his WeWork shares and leased offices to the firm.",
        ),
        (
            "It lost a passenger. The Airline said it was working with the police.",
            "It lost a passenger. The airline said it was working with the police.",
        ),
        (
            "Officials tried to stop migrants from heading to The United States by boat.",
            "Officials tried to stop migrants from heading to the United States by boat.",
        ),
        (
            "He studied at the University Of Miami before he moved to Boston.",
            "He studied at the University of Miami before he moved to Boston.",
        ),
        # names that open with a function word keep it, and names end in common words
        ("The mayor lives in The Hague with his wife and two children.", None),
        ("The senator told The New York Times that he would vote no.", None),
        ("He wrote to the paper. The Times said it was a disaster.", None),
        ("The court blocked the plan to move The Hague office to the north.", None),
    ],
)
def test_real_model_judges_function_word_capitals(damaged: str, repaired: str | None) -> None:
    pipe = Pipeline([LanguageModelCheck(mode="always")])
    result = pipe(LINED + damaged, lang="en")
    assert result.text == LINED + (repaired or damaged)
    # the audit trail shows the whole word ("The" -> "the"), not its first letter
    changed = zip(damaged.split(), (repaired or damaged).split(), strict=True)
    assert [(e.before, e.after) for e in result.edits] == [(a, b) for a, b in changed if a != b]


@real_model
def test_real_model_leaves_clean_text_alone() -> None:
    pipe = Pipeline([LanguageModelCheck(mode="always")])
    result = pipe(CLEAN, lang="en")
    assert result.text == CLEAN and result.edits == []


@real_model
def test_both_backends_prefer_the_same_reading() -> None:
    from mtbrief.brief.models import model_dir
    from mtbrief.cleanup.likelihood import CT2Scorer, TransformersScorer

    root = model_dir("small")
    passages = [
        "The league said it had decided to suspend. Garrett for the rest of the season.",
        "The league said it had decided to suspend Garrett for the rest of the season.",
    ]
    fp32 = TransformersScorer(root / "hf", "small", device="cpu").log_probs(passages)
    int8 = CT2Scorer(root / "ct2-int8", root / "hf", "small", device="cpu").log_probs(passages)
    assert fp32[1] - fp32[0] > MIN_GAIN and int8[1] - int8[0] > MIN_GAIN
    # int8 weights move a passage's log-probability by a little, not by the margin we act on
    assert abs((fp32[1] - fp32[0]) - (int8[1] - int8[0])) < 2.0


RU_CAPITALS = RU_CONTEXT + (
    "Он сказал, что каждый активный шпион Был скомпрометирован. "
    "Его поместили под стражу по обвинению В убийстве второй степени. "
    "Это было важно для рабочего Процесса ассамблеи."
)


def _ru_capitals(text: str) -> list[str]:
    """The Russian capitals the small model judges (common words' capitals are the
    multilingual model's only)."""
    return [
        c.word for c in candidates_in(text, "ru") if c.kind == "link_capital" and not c.common
    ]


def test_russian_capitals_of_words_that_never_open_a_name_are_candidates() -> None:
    """A verb or a preposition (one letter too) capitalised between lower-case words; never a
    noun, which may open an institution's name ("рабочего Процесса" looks like "в Совете
    Федерации")."""
    pytest.importorskip("pymorphy3")
    assert _ru_capitals(RU_CAPITALS) == ["Был", "В"]
    assert [c.word for c in candidates_in(RU_CAPITALS, "ru") if c.common] == ["Процесса"]
    cand = next(c for c in candidates_in(RU_CAPITALS, "ru") if c.word == "В")
    assert RU_CAPITALS[cand.start : cand.end] == "В" and cand.replacement == "в"
    # after a name or a sentence's first word, a verb only
    after_name = RU_CONTEXT + "Подполковник Ванн Провел батальон через канал. Оно Разорвало ее."
    assert _ru_capitals(after_name) == ["Провел", "Разорвало"]
    assert _ru_capitals(RU_CONTEXT + "Отчет Эпштейна Впервые обсуждали в суде.") == []
    # a verb on both sides, but no heading or sentence ends on "что" (it does on "мира", below)
    assert _ru_capitals(RU_CONTEXT + "Суд решил, что Он может быть лишен свободы.") == ["Он"]
    # a preposition or conjunction before a name, after a lower-case word or between two names:
    # no name holds one with a capital
    assert _ru_capitals(RU_CONTEXT + "Трамп обещал В Сингапуре, что встреча состоится.") == ["В"]
    assert _ru_capitals(RU_CONTEXT + "Рейс между Сент-Луисом И Де-Мойнз отменили.") == ["И"]
    assert _ru_capitals(RU_CONTEXT + "Об этом сказал Он Путину вчера.") == []  # a pronoun


@pytest.mark.parametrize(
    "sentence",
    [
        # a heading run into the next sentence: a verb before and after the capital
        "Фильм привлек внимание со всего мира По словам критиков, телескоп был важен.",
        "Он сказал, что Москва Против санкций.",  # after a name, no preposition or conjunction
        "Ему вменяют три преступления класса В, наказуемых лишением свободы.",  # a label
        "Эта встреча прошла в Государственной думе вчера.",  # an institution's adjective
        "Заявление сделал президент Путин вчера вечером.",  # a name
    ],
)
def test_russian_capitals_that_may_be_sound_are_no_candidates(sentence: str) -> None:
    pytest.importorskip("pymorphy3")
    assert _ru_capitals(RU_CONTEXT + sentence) == []


@pytest.mark.parametrize("gain", [lm_check.CAPITAL_MIN_GAIN - 0.5, lm_check.CAPITAL_MIN_GAIN])
def test_russian_capitals_are_judged_under_their_own_bound(
    monkeypatch: pytest.MonkeyPatch, gain: float
) -> None:
    """Capitals are judged at CAPITAL_MIN_GAIN, full stops at VERBLESS_MIN_GAIN, both only where
    a rule found link damage."""
    pytest.importorskip("pymorphy3")
    assert lm_check.CAPITAL_MIN_GAIN > lm_check.VERBLESS_MIN_GAIN
    text = RU_CAPITALS + " " + RU_VERBLESS[len(RU_CONTEXT) :]
    scorer = FakeScorer({"шпион был": gain, "отношении Северной": gain})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    proposals = LanguageModelCheck(mode="auto").propose(_doc(text, "ru", evidence=True))
    taken = [(text[p.start : p.end], p.kind) for p in proposals]
    expected = [("Был", "link_capital")] if gain >= lm_check.CAPITAL_MIN_GAIN else []
    assert taken == [*expected, (".", "sentence_break")]
    assert all(p.replacement == "был" for p in proposals if p.kind == "link_capital")
    scorer.calls.clear()
    assert LanguageModelCheck(mode="auto").propose(_doc(text, "ru")) == []
    assert scorer.calls == []


# both sentences keep a verb; the word after the full stop reads only in the instrumental
RU_OBLIQUE = RU_CONTEXT + "Игрок был отправлен капитаном. Джимом Фьюриком он был посажен на скамью."


def test_russian_full_stops_before_an_oblique_case_are_marked() -> None:
    pytest.importorskip("pymorphy3")
    cand = next(c for c in candidates_in(RU_OBLIQUE, "ru") if c.word == "Джимом")
    assert cand.kind == "sentence_break" and cand.oblique and not cand.verbless
    # a nominative opener is no such candidate ("Хакер проник")
    assert not any(c.oblique for c in candidates_in(RU_VERBS, "ru"))


@pytest.mark.parametrize("gain", [lm_check.OBLIQUE_MIN_GAIN - 0.5, lm_check.OBLIQUE_MIN_GAIN])
def test_russian_oblique_full_stops_are_judged_under_their_own_bound(
    monkeypatch: pytest.MonkeyPatch, gain: float
) -> None:
    pytest.importorskip("pymorphy3")
    taken = gain >= lm_check.OBLIQUE_MIN_GAIN
    assert _auto(monkeypatch, RU_OBLIQUE, "ru", {"капитаном Джимом": gain}) == (
        ["итаном. Джимом Фь"] if taken else []
    )


def test_russian_documents_are_judged_on_at_most_their_first_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A huge damaged Russian text costs a bounded time: its first MAX_VERBLESS_CANDIDATES
    candidates are judged (two readings each), in text order."""
    pytest.importorskip("pymorphy3")
    sentence = "Он сказал, что каждый активный шпион Был скомпрометирован. "
    text = RU_CONTEXT + sentence * (lm_check.MAX_VERBLESS_CANDIDATES + 10)
    assert len(_ru_capitals(text)) == lm_check.MAX_VERBLESS_CANDIDATES + 10
    scorer = FakeScorer({"шпион был": 20.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    proposals = LanguageModelCheck(mode="auto").propose(_doc(text, "ru", evidence=True))
    assert sum(len(call) for call in scorer.calls) == 2 * lm_check.MAX_VERBLESS_CANDIDATES
    assert len(proposals) == lm_check.MAX_VERBLESS_CANDIDATES
    assert proposals[-1].start < text.rindex("Был")


# "с Ожирением и": a common noun capitalised between lower-case words, the shape of an
# institution written with a capital ("в Юридическом комитете") that only the multilingual model
# tells apart
RU_COMMON = RU_CONTEXT + "Ученые связали болезнь с Ожирением и плохим питанием жителей."


def _two_models(
    monkeypatch: pytest.MonkeyPatch, multi: dict[str, float], small: dict[str, float]
) -> tuple[FakeScorer, FakeScorer]:
    """The multilingual model "multi" prepared beside the small one, each a FakeScorer."""
    scorers = {"multi": FakeScorer(multi), "small": FakeScorer(small)}
    monkeypatch.setattr(lm_check, "is_available", lambda model: model in scorers)
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorers.get(model))
    return scorers["multi"], scorers["small"]


def test_russian_common_capitals_are_candidates_for_the_multilingual_model_only() -> None:
    pytest.importorskip("pymorphy3")
    def capitals(text: str) -> list[tuple[str, bool]]:
        return [(c.word, c.common) for c in candidates_in(text, "ru") if c.kind == "link_capital"]

    assert capitals(RU_COMMON) == [("Ожирением", True)]
    # a name is no candidate, nor a capital before a sentence's end (a heading run into the text)
    assert capitals(RU_CONTEXT + "Ученые из Москвы связали это с Ожирением. Врачи согласны.") == []
    # before a number, a comma or a dash, MT's link capital all the same
    assert capitals(RU_CONTEXT + "Цунами пересекло океан со Скоростью 497 км/ч вчера.") == [
        ("Скоростью", True)
    ]
    assert capitals(RU_CONTEXT + "Это приведет к Ожирению - что и имеет значение.") == [
        ("Ожирению", True)
    ]
    # before a name only a noun: names that run on from a common word open with an adjective,
    # and a short noun there is more often part of an East Asian name
    assert capitals(RU_CONTEXT + "Он пьян, по Словам Дана Беннетта из полиции.") == [
        ("Словам", True)
    ]
    assert capitals(RU_CONTEXT + "Голод начался в Северной Корее весной.") == []
    assert capitals(RU_CONTEXT + "Убийства избежал президент Чон Ду Хван весной.") == []
    # after a sentence's first word when that is a preposition or pronoun, not a conjunction
    assert capitals(RU_CONTEXT + "Он упал. По Информации WAFB, он уехал домой.") == [
        ("Информации", True)
    ]
    assert capitals(RU_CONTEXT + "Факты есть. Этой Истории уже 36 лет.") == [("Истории", True)]
    assert capitals(RU_CONTEXT + "Шаги были. Однако Госсекретарь США Майк Помпео уехал.") == []
    # a verb before a name never opens it: a candidate for either model
    assert capitals(RU_CONTEXT + "Совет ООН должен Поощрить Пхеньян за шаги.") == [
        ("Поощрить", False)
    ]


@pytest.mark.parametrize(
    "gain", [lm_check.MULTILINGUAL_MIN_GAIN - 0.5, lm_check.MULTILINGUAL_MIN_GAIN]
)
def test_the_multilingual_model_judges_russian_at_its_own_bound(
    monkeypatch: pytest.MonkeyPatch, gain: float
) -> None:
    """Where the multilingual model is prepared it judges every Russian candidate (full stops
    with a cue, capitals of non-name classes and of common words) at MULTILINGUAL_MIN_GAIN, and
    the small model is not asked."""
    pytest.importorskip("pymorphy3")
    text = RU_VERBLESS + " " + RU_COMMON[len(RU_CONTEXT) :]
    multi, small = _two_models(
        monkeypatch, {"отношении Северной": gain, "с ожирением": gain}, {}
    )
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="multi")
    proposals = check.propose(_doc(text, "ru", evidence=True))
    taken = gain >= lm_check.MULTILINGUAL_MIN_GAIN
    assert [text[p.start : p.end] + ">" + p.replacement for p in proposals] == (
        [".>", "Ожирением>ожирением"] if taken else []
    )
    assert multi.calls and small.calls == []
    assert all("Qwen" not in p.reason and "fake-lm" in p.reason for p in proposals)
    # a full stop before a common word between two clauses stays unjudged ("беде. Хакер")
    multi.calls.clear()
    assert check.propose(_doc(RU_VERBS, "ru", evidence=True)) == []
    assert not any("беде Хакер" in t for call in multi.calls for t in call)


def test_without_the_multilingual_model_russian_common_capitals_are_not_judged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not prepared, or switched off ('none'): the small model judges Russian under its
    narrower rules, and never a common word's capital (it cannot tell one from an institution)."""
    pytest.importorskip("pymorphy3")
    for prepared, setting in ((("small",), "multi"), (("small", "multi"), "none")):
        scorers = {name: FakeScorer({"с ожирением": 30.0}) for name in prepared}
        monkeypatch.setattr(lm_check, "is_available", lambda model, s=scorers: model in s)
        monkeypatch.setattr(lm_check, "get_scorer", lambda model, s=scorers: s.get(model))
        check = LanguageModelCheck(mode="always", model="small", multilingual_model=setting)
        assert check.propose(_doc(RU_COMMON, "ru", evidence=True)) == []
        assert all(not s.calls for s in scorers.values())


def test_the_multilingual_model_judges_russian_documents_without_rule_evidence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No rule found link damage (a copy whose only damage is capitals): the multilingual model
    still judges every candidate, as clean Russian news holds few; the small model probes only
    full stops before names and leaves the capital."""
    pytest.importorskip("pymorphy3")
    text = RU_NAMED + " " + RU_COMMON[len(RU_CONTEXT) :]
    bonus = {"районе Дунгала": 8.0, "с ожирением": 8.0}
    multi, small = _two_models(monkeypatch, bonus, bonus)
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="multi")
    assert [text[p.start : p.end] for p in check.propose(_doc(text, "ru"))] == [".", "Ожирением"]
    assert len(multi.calls) == 1 and small.calls == []  # one batch, no probing first
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="none")
    assert [text[p.start : p.end] for p in check.propose(_doc(text, "ru"))] == ["."]


PREFILTER, LATIN_BOUND = lm_check.MULTILINGUAL_PREFILTER_GAIN, lm_check.MULTILINGUAL_LATIN_MIN_GAIN


@pytest.mark.parametrize(
    ("small_gain", "multi_gain", "taken", "asked"),
    [
        (PREFILTER, LATIN_BOUND, True, True),
        (PREFILTER, LATIN_BOUND - 0.5, False, True),
        # the small model finds the repair unlikely: the multilingual model is not asked
        (PREFILTER - 0.5, 30.0, False, False),
    ],
)
def test_other_latin_languages_get_full_stops_and_capitals_judged_by_the_multilingual_model(
    monkeypatch: pytest.MonkeyPatch, small_gain: float, multi_gain: float, taken: bool, asked: bool
) -> None:
    """Spanish, French, Portuguese and German: the small model reads every candidate first and
    the multilingual model judges those it scores at least MULTILINGUAL_PREFILTER_GAIN, at
    MULTILINGUAL_LATIN_MIN_GAIN; capitals are judged too (the small model alone judges full
    stops only)."""
    text = ES_BREAK + " El consejo habló de un Problema grave en la ciudad."
    bonus = {"cocinera Seynabou": 1.0, "un problema": 1.0}
    multi, small = _two_models(
        monkeypatch,
        {k: v * multi_gain for k, v in bonus.items()},
        {k: v * small_gain for k, v in bonus.items()},
    )
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="multi")
    proposals = check.propose(_doc(text, "es", evidence=True))
    assert [text[p.start : p.end] for p in proposals] == ([".", "Problema"] if taken else [])
    assert bool(multi.calls) == asked and len(small.calls) == 1
    assert all("fake-lm" in p.reason for p in proposals)


# MT capitalised a conjunction of one letter ("Y al") and a common adjective before a name
# ("canal Conservador Fox"), neither of which the stricter rules take as candidates
ES_BROAD = ES_CONTEXT + (
    "Su nombre proviene de La onomatopeya del sonido. Se debe a la industria Y al aumento del "
    "consumo. Lo dijo en el canal Conservador Fox News."
)


def test_broad_latin_capitals_are_candidates_only_for_the_multilingual_model() -> None:
    pytest.importorskip("spylls")
    strict = candidates_in(ES_BROAD, "es")
    assert not any(c.broad for c in strict)
    assert {"Y", "Conservador"}.isdisjoint(c.word for c in strict)
    broad = [(c.word, c.replacement) for c in candidates_in(ES_BROAD, "es", broad=True) if c.broad]
    assert ("Y", "y") in broad and ("Conservador", "conservador") in broad
    # never a name, a capital after a capital, a sentence start or a word after a colon
    sound = ES_CONTEXT + (
        "Lo dijo la ministra María Pérez en Madrid. Dijo esto: Un plan nuevo. La Casa Blanca lo "
        "niega."
    )
    assert candidates_in(sound, "es", broad=True) == candidates_in(sound, "es") == []


def test_broad_latin_capitals_are_judged_by_the_multilingual_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only where the multilingual model is prepared, behind the small model's prefilter and at
    MULTILINGUAL_LATIN_MIN_GAIN; the small model alone never sees them."""
    pytest.importorskip("spylls")
    bonus = {"canal conservador": LATIN_BOUND, "industria y al": LATIN_BOUND - 0.5}
    multi, small = _two_models(monkeypatch, bonus, {k: 0.0 for k in bonus})
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="multi")
    proposals = check.propose(_doc(ES_BROAD, "es", evidence=True))
    assert [(ES_BROAD[p.start : p.end], p.replacement) for p in proposals] == [
        ("Conservador", "conservador")
    ]
    assert multi.calls and small.calls
    multi, small = _two_models(monkeypatch, {}, {k: 30.0 for k in bonus})
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="none")
    assert check.propose(_doc(ES_BROAD, "es", evidence=True)) == []
    assert not any("canal conservador" in t for call in small.calls for t in call)


def test_english_keeps_the_small_model_when_the_multilingual_one_is_prepared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    multi, small = _two_models(monkeypatch, {}, {"suspend Garrett": 20.0})
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="multi")
    assert [BREAK[p.start - 7 : p.end + 8] for p in check.propose(_doc(BREAK))] == [
        "suspend. Garrett"
    ]
    assert small.calls and multi.calls == []


def _multilingual_model_ready() -> bool:
    from mtbrief.cleanup.likelihood import is_available

    return is_available("default")


@pytest.mark.skipif(
    not _multilingual_model_ready(),
    reason="the default model is not prepared: run `mtbrief models prepare --model default`",
)
def test_real_multilingual_model_tells_damage_from_institutions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The packaged default model lowers a common noun MT capitalised and keeps an
    institution's capital of the same shape."""
    from mtbrief.cleanup import likelihood

    pytest.importorskip("pymorphy3")
    monkeypatch.setattr(lm_check, "is_available", likelihood.is_available)
    pipe = Pipeline([LanguageModelCheck(mode="always", multilingual_model="default")])
    damaged = "Ученые связали болезнь с Ожирением и плохим питанием жителей."
    result = pipe(RU_CONTEXT + damaged, lang="ru")
    assert result.text == RU_CONTEXT + damaged.replace("Ожирением", "ожирением")
    assert "Qwen" in result.edits[0].reason
    sound = "Эта встреча прошла в Государственной думе вчера вечером."
    assert pipe(RU_CONTEXT + sound, lang="ru").text == RU_CONTEXT + sound


def test_is_available_looks_for_files_without_loading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A packaged model that is not prepared, or a folder without weights, is not available;
    a local folder with a model is (nothing is loaded to find out)."""
    from mtbrief.cleanup import likelihood
    from mtbrief.config import get_settings

    monkeypatch.setenv("MTBRIEF_MODELS_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    try:
        assert not likelihood.is_available("default")
        assert not likelihood.is_available(str(tmp_path))
        (tmp_path / "config.json").write_text("{}", encoding="utf-8")
        assert likelihood.is_available(str(tmp_path))
    finally:
        get_settings.cache_clear()


def test_the_check_shares_the_brief_backends_copy_of_a_large_model_on_cpu(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On CPU the multilingual model (int8, from the folder the brief backend reads) is scored
    through the brief backend's loaded Generator: one copy in memory, not two.  Not the small
    model (its backend computes in float32), not another folder or compute type, not on CUDA,
    and not where the backend cannot be loaded."""
    from types import SimpleNamespace

    from mtbrief.brief import backends
    from mtbrief.brief.backends import ct2
    from mtbrief.cleanup import likelihood

    def weights(folder: Path, size: int) -> Path:
        folder.mkdir()
        with open(folder / "model.bin", "wb") as fh:
            fh.truncate(size)  # sparse: the size, not the bytes
        return folder

    big = weights(tmp_path / "ct2-int8", ct2.FLOAT32_BELOW_BYTES)
    small = weights(tmp_path / "small-int8", 1000)

    class Generator:
        def score_batch(self, tokens: list[list[str]]) -> list[SimpleNamespace]:
            return [SimpleNamespace(log_probs=[-1.0] * len(row)) for row in tokens]

    class Tokenizer:
        def __call__(self, texts: list[str], add_special_tokens: bool) -> dict[str, list]:
            return {"input_ids": [[ord(ch) for ch in t] for t in texts]}

        def convert_ids_to_tokens(self, row: list[int]) -> list[str]:
            return [chr(i) for i in row]

    loaded = SimpleNamespace(
        name="Qwen", tokenizer=Tokenizer(), model=Generator(), compute_type="int8", path=big
    )
    asked: list[tuple[str, str | None]] = []

    def load_backend(model: str, backend: str | None = None, device: str | None = None) -> object:
        asked.append((model, backend))
        return loaded

    monkeypatch.setattr(backends, "load_backend", load_backend)
    monkeypatch.setattr(ct2, "pick_ct2_device", lambda device="auto": "cpu")
    assert likelihood._shared_backend("default", big, "auto") is loaded
    assert asked == [("default", "ctranslate2")]
    scorer = likelihood.CT2Scorer.sharing(loaded)
    assert scorer.model is loaded.model and scorer.name == "Qwen"
    assert scorer.log_probs(["ab", "abc"]) == [-2.0, -3.0]
    assert likelihood._shared_backend("default", small, "auto") is None  # runs in float32
    assert likelihood._shared_backend(str(big), big, "auto") is None  # a local folder
    loaded.compute_type = "float32"
    assert likelihood._shared_backend("default", big, "auto") is None
    loaded.compute_type, loaded.path = "int8", small
    assert likelihood._shared_backend("default", big, "auto") is None  # another folder

    def unavailable(*args: object, **kwargs: object) -> object:
        raise RuntimeError("no tokenizer")

    monkeypatch.setattr(backends, "load_backend", unavailable)
    assert likelihood._shared_backend("default", big, "auto") is None
    monkeypatch.setattr(ct2, "pick_ct2_device", lambda device="auto": "cuda")
    assert likelihood._shared_backend("default", big, "auto") is None


def test_broad_capitals_never_displace_other_candidates_under_the_cost_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long text full of broad capitals still has its full stops judged: the broad ones are
    the first to go when the candidates exceed MAX_VERBLESS_CANDIDATES."""
    pytest.importorskip("spylls")
    cap = lm_check.MAX_VERBLESS_CANDIDATES
    text = ES_CONTEXT + "Se debe a la industria Y al aumento del consumo. " * (cap + 5)
    text += ES_BREAK[len(ES_CONTEXT) :]
    assert sum(c.broad for c in candidates_in(text, "es", broad=True)) == cap + 5
    multi, small = _two_models(monkeypatch, {"cocinera Seynabou": 30.0}, {"cocinera Seynabou": 1.0})
    check = LanguageModelCheck(mode="auto", model="small", multilingual_model="multi")
    assert [text[p.start - 8 : p.end + 9] for p in check.propose(_doc(text, "es", True))] == [
        "cocinera. Seynabou"
    ]
    (scored,) = small.calls
    assert len(scored) == 2 * cap and len(multi.calls) == 1  # the full stop passed the prefilter
