"""name_variants: which evidence picks the canonical spelling, and the merges it must refuse.

Evidence: a full-name mention, a shared given name / surname / title, the better-known
spelling of the language, the majority, the first mention (voting), in several languages; and
the no-merge cases (different people, titles, compounds, common words).
"""

from __future__ import annotations

import pytest

from mtbrief.cleanup.document import Document, apply_edits, revert_edits
from mtbrief.cleanup.repairs.name_variants import NameVariantsRepair


def run(text: str, lang: str = "en") -> Document:
    doc = Document(original=text, lang=lang)
    proposals = NameVariantsRepair().propose(doc)
    assert doc.text == text
    doc.apply(proposals, NameVariantsRepair.kind)
    assert revert_edits(doc.text, doc.edits) == text
    assert apply_edits(text, doc.edits) == doc.text
    return doc


def test_full_name_mention_beats_a_more_frequent_lone_variant() -> None:
    text = ("Julie Graham runs the campaign. Grahame said the ads work. Grahame said more. "
            "Grahame added that it was cheap.")
    doc = run(text)
    assert doc.text.count("Graham ") == 4 and "Grahame" not in doc.text
    assert doc.meta["name_map"] == {"Grahame": "Graham"}
    assert all("full-name mention" in e.reason for e in doc.edits)


def test_better_known_spelling_and_first_mention_outvote_frequency() -> None:
    doc = run("Israel voted. Bulgaria, Yisroel and Hungary will play. Yisroel won.")
    assert doc.text == "Israel voted. Bulgaria, Israel and Hungary will play. Israel won."
    assert "better-known spelling + first mention" in doc.edits[0].reason


def test_majority_and_first_mention_outvote_a_better_known_spelling() -> None:
    # "Janes" is the commoner word, but the text writes "Jaynes" first and twice
    doc = run('"It was good," said Jaynes. Jaynes said he left. Janes said he stayed.')
    assert "Janes" not in doc.text and doc.text.count("Jaynes") == 3


def test_a_tie_between_signals_leaves_the_text_alone() -> None:
    # "Thom" comes first, "Tom" is the better-known spelling: nothing decides
    text = "Designer Thom Browne showed hats. Later Tom Browne showed coats."
    assert run(text).text == text


@pytest.mark.parametrize(
    ("text", "lang", "variant", "canonical"),
    [
        ("WeWork founder Adam Neumann left. Adam Neumann still votes. Later Adam Neuman sold.",
         "en", "Neuman", "Neumann"),
        # a title shows a common word is a surname: "Mr Clarke" is "Greg Clark"
        ("Business Secretary Greg Clark spoke. Mr Clarke said no. Mr Clarke left.", "en",
         "Clarke", "Clark"),
        # a shared title anchors two lone surnames
        ("Mr Jaynes arrived. Mr Janes said it was fine. Mr Jaynes left.", "en", "Janes",
         "Jaynes"),
        # a middle initial does not cut the full name
        ("Victor N. Burton was charged on Monday. Viktor N. Burton pleaded not guilty.", "en",
         "Viktor", "Victor"),
        ("Le président Volodymyr Zelensky a parlé. Zelensky a remercié Paris. Puis Zelenski "
         "est parti.", "fr", "Zelenski", "Zelensky"),
        ("El presidente Volodymyr Zelensky habló. Zelensky agradeció. Después Zelenski se fue.",
         "es", "Zelenski", "Zelensky"),
        ("Prinz Mohammed bin Salman sprach. Mohammed bin Salman reiste ab. Später kehrte "
         "Muhammad bin Salman zurück.", "de", "Muhammad", "Mohammed"),
        ("O ministro Mohammed bin Salman falou. Mohammed bin Salman viajou. Depois Muhammad "
         "bin Salman voltou.", "pt", "Muhammad", "Mohammed"),
    ],
)
def test_variants_are_unified(text: str, lang: str, variant: str, canonical: str) -> None:
    doc = run(text, lang)
    assert variant not in doc.text.split(), doc.text
    assert doc.meta["name_map"] == {variant: canonical}
    assert all(e.kind == "name_variant" and e.after == canonical for e in doc.edits)


@pytest.mark.parametrize(
    "text",
    [
        # Kani is not Kanaani; different given names are different people
        "Ali Baqer Kani met Nasser Kanaani. Kanaani said the talks went well. Kani left.",
        "John Smith met Jon Jones. Smith and Jones talked. Jon said yes.",
        "Adam Neumann spoke. Paul Newman sang. Newman left and Neumann stayed.",
        "Nicolas Mahut won. Nikola Jarry lost to Nicolas Mahut in Paris.",
        # another title is another person
        "Mr Jaynes arrived. Mrs Janes said it was fine. Mr Jaynes left.",
        # a compound name is a name of its own (Pakistani Balochistan, Iranian province)
        "Balochistan is restive. Attacks in Sistan-Baluchestan rose. Militants fled to "
        "Balochistan.",
        # a name inside a longer name of its own: "Qatar Airways" is an airline
        "Katar said yes. Katar said no. Katar left. Qatar Airways landed.",
        # ordinary words, even capitalised: the text uses "rider" in lower case
        "The rider fell. Rider Cup players met. The Ryder Cup starts.",
        # two people introduced with their own given names
        "Greg Clark spoke. Kenneth Clarke said no. Mr Clarke left. Mr Clark stayed.",
        # two established words, no title and no shared full name
        "Greg Clark spoke. Clarke said no. Clarke left.",
        "Read more about Red Sox. Red Sox won. Red Sox fans cheered. Read the review.",
    ],
)
def test_no_merge(text: str) -> None:
    doc = run(text)
    assert doc.text == text, [(e.before, e.after, e.reason) for e in doc.edits]
    assert doc.meta["name_map"] == {}


def test_inflecting_language_is_left_alone_even_with_evidence() -> None:
    text = "Президент Владимир Зеленский выступил. Зеленский поблагодарил. Затем Зеленскии ушёл."
    assert run(text, "ru").text == text


def test_a_majority_alone_does_not_respell_part_of_a_longer_name() -> None:
    # "Air" is a common word, not a name token, yet "Air Tanzania" is an airline's name
    text = ("La Tanzanie a voté. La Tanzanie a gagné. Le pays a relancé la compagnie Air "
            "Tanzania. La Tanzanie a payé.")
    assert run(text, "fr").text == text
    # the same majority respells a lone mention
    lone = text.replace("Air Tanzania", "l'avion de Tanzania")
    assert "Tanzania" not in run(lone, "fr").text
