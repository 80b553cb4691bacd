from mtbrief.brief.guard import SourceIndex, canonicalize, check, fold, remove_sentences

SOURCE = (
    "After a lull of nearly 5 months, attacks against US forces rose in July and August 2024, "
    "especially on Ain al-Assad base in Anbar, Iraq. The attack injured 8 soldiers at the "
    "Ain al-Assad base. Iranian Foreign Minister Ali Baqer Kani visited Baghdad. "
    "The Islamic Resistance in Iraq claimed the attack, Reuters reported."
)


def index(name_map=None, text=SOURCE, lang="en", script="Latin"):
    return SourceIndex(text, lang, script, name_map or {})


def test_supported_brief_passes_untouched():
    brief = "Attacks on US forces at Ain al-Assad base in Iraq rose in July and August 2024."
    result = check(brief, index())
    assert result.unsupported == []
    assert result.text == brief
    assert result.checks == ["names", "numbers"]


def test_unsupported_name_is_reported_with_offsets_and_sentence():
    brief = "US forces were attacked. Vladimir Putin condemned the attack."
    result = check(brief, index())
    assert [(s.text, s.kind, s.sentence) for s in result.unsupported] == [
        ("Vladimir Putin", "name", 1)]
    span = result.unsupported[0]
    assert result.text[span.start : span.end] == "Vladimir Putin"


def test_kenny_becomes_kani_through_the_name_map():
    brief = "Kenny visited Baghdad. Ali Baqer Kenny's trip followed the attack."
    result = check(brief, index({"Kenny": "Kani"}))
    assert "Kenny" not in result.text
    assert result.text == "Kani visited Baghdad. Ali Baqer Kani's trip followed the attack."
    assert result.renamed == {"Kenny": "Kani"}
    assert result.unsupported == []


def test_spelling_variant_is_rewritten_to_the_source_spelling():
    result = check("The Ain al-Asad base was hit.", index())
    assert result.text == "The Ain al-Assad base was hit."
    assert result.renamed == {"al-Asad": "al-Assad"}
    assert result.unsupported == []


def test_without_a_map_a_different_name_is_not_a_variant():
    result = check("Kenny visited Baghdad.", index())
    assert [s.text for s in result.unsupported] == ["Kenny"]


def test_number_words_and_digits_support_each_other():
    assert check("The attack injured eight soldiers.", index()).unsupported == []
    assert check("A lull of five months ended.", index()).unsupported == []
    bad = check("The attack injured 12 soldiers and nine civilians.", index()).unsupported
    assert [(s.text, s.kind) for s in bad] == [("12", "number"), ("nine", "number")]


def test_articles_that_spell_one_are_not_numbers():
    assert check("One attack injured soldiers.", index()).unsupported == []


def test_inflected_and_derived_names_are_supported():
    assert check("Iran and Iraqi factions were named.", index()).unsupported == []
    assert check("The US-backed and Iranian-led forces met.", index()).unsupported == []
    bad = check("The Russian-backed forces met.", index()).unsupported
    assert [s.text for s in bad] == ["Russian-backed"]


def test_ordinary_sentence_initial_words_are_not_names():
    assert check("However, attacks rose. Meanwhile Reuters reported it.", index()).unsupported == []


def test_cross_language_brief_checks_numbers_only():
    result = check("Les forces américaines ont subi 12 attaques.", index(), lang="fr")
    assert result.checks == ["numbers"]
    assert [s.text for s in result.unsupported] == ["12"]


def test_caseless_script_rare_unknown_word_counts_as_name():
    src = "هاجمت الفصائل قاعدة عين الأسد في العراق وأصيب 8 جنود."
    idx = index(text=src, lang="ar", script="Arabic")
    assert check("هاجمت الفصائل قاعدة عين الأسد.", idx, "ar").unsupported == []
    bad = check("هاجمت الفصائل قاعدة عين الأسد وقال بوتين 12.", idx, "ar").unsupported
    assert {s.kind for s in bad} == {"name", "number"}


def test_remove_sentences_drops_only_the_offending_ones():
    brief = "US forces were attacked. Vladimir Putin condemned it. Kani visited Baghdad."
    spans = check(brief, index()).unsupported
    assert remove_sentences(brief, spans) == "US forces were attacked. Kani visited Baghdad."


def test_guard_never_adds_words_and_handles_empty_or_odd_input():
    assert check("", index()).unsupported == []
    odd = check("\x00\ufffd ### 2024 ???", index())
    assert odd.text == "\x00\ufffd ### 2024 ???"
    assert odd.unsupported == []


def test_canonicalize_prefers_longest_variant_first():
    text, renamed = canonicalize("Ali Baqer Kenny and Kenny", index(
        {"Ali Baqer Kenny": "Ali Baqer Kani", "Kenny": "Kani"}))
    assert text == "Ali Baqer Kani and Kani"
    assert set(renamed) == {"Ali Baqer Kenny", "Kenny"}


def test_fold_is_script_and_case_insensitive():
    assert fold("Kani's") == fold("KANI") == "kani"
    assert fold("Иран") == fold("Iran")
