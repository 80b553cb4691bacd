"""The brief stage's decisions (plan, guard actions, length, language) with a scripted model,
and end to end on tiny random-weight models through both backends."""

import pytest
from brief_helpers import ScriptedBackend

from mtbrief.brief import brief, brief_many
from mtbrief.brief.guard import SourceIndex, check
from mtbrief.brief.pipeline import EXTRACTIVE_MODEL, Briefer, BriefOptions
from mtbrief.brief.text import count_words, split_sentences
from mtbrief.cleanup.pipeline import CleanResult
from mtbrief.errors import InputError

ARTICLE = (
    "Attacks against US forces rose in July and August 2024, especially on Ain al-Assad base "
    "in Iraq. The largest attack injured 8 soldiers at the base during the first week of August. "
    "Iranian Foreign Minister Ali Baqer Kani visited Baghdad. The Islamic Resistance in Iraq "
    "claimed the attacks, Reuters reported. Officials in Washington discussed the withdrawal "
    "of US forces from Iraq."
)
GOOD = "Attacks on US forces at Ain al-Assad base in Iraq rose in July and August 2024."
INVENTED = "Vladimir Putin praised the attacks."


def cleaned(text=ARTICLE, name_map=None, lang="en"):
    return CleanResult(text=text, lang=lang, script="Latin", name_map=name_map or {})


def run(replies, text=ARTICLE, name_map=None, positions=4096, **options):
    backend = ScriptedBackend(replies, positions=positions)
    result = Briefer(backend, BriefOptions.build(**options)).run([cleaned(text, name_map)])[0]
    return result, backend


def last_user(prompt):
    return [m for m in prompt if m["role"] == "user"][-1]["content"]


def test_faithful_draft_is_kept():
    result, backend = run([GOOD])
    assert result.brief == GOOD
    assert (result.guard.action, result.guard.attempts, result.guard.supported) == ("none", 1, True)
    assert result.selection == "full"
    assert result.source_sentences == list(range(len(split_sentences(ARTICLE))))
    assert result.model == "scripted (scripted, cpu)"
    assert "Article:" in last_user(backend.prompts[0]) and ARTICLE in last_user(backend.prompts[0])


def test_unsupported_name_triggers_a_constrained_retry():
    result, backend = run([f"{GOOD} {INVENTED}", GOOD])
    assert (result.guard.action, result.guard.attempts) == ("retry", 2)
    assert [s.text for s in result.guard.unsupported] == ["Vladimir Putin"]
    assert result.brief == GOOD
    retry = backend.prompts[1]
    assert retry[-2]["role"] == "assistant" and INVENTED in retry[-2]["content"]
    assert "“Vladimir Putin”" in retry[-1]["content"]
    assert backend.configs[-1].repetition_penalty > 1.0
    assert result.guard.drafts == [f"{GOOD} {INVENTED}", GOOD]


def test_then_offending_sentences_are_removed():
    result, _ = run([f"{GOOD} {INVENTED}", f"{INVENTED} The attack injured 12 soldiers."])
    assert result.guard.action == "removed_sentences"
    assert result.brief == GOOD
    assert result.guard.supported


def test_then_the_extractive_brief():
    result, _ = run([INVENTED, "Joe Biden and 99 generals met."])
    assert result.guard.action == "extractive"
    assert result.model == EXTRACTIVE_MODEL
    assert result.selection == "extractive"
    sentences = [s.text for s in split_sentences(ARTICLE)]
    assert result.source_sentences
    for i in result.source_sentences:
        assert sentences[i] in result.brief
    assert count_words(result.brief) <= 60


def test_canonical_names_in_the_brief():
    text = ARTICLE + " Kani's visit was his first."
    result, _ = run(["Kenny visited Baghdad after the attacks."], text=text,
                    name_map={"Kenny": "Kani"})
    assert result.brief == "Kani visited Baghdad after the attacks."
    assert result.guard.renamed == {"Kenny": "Kani"}
    assert "Kenny" not in result.brief


def test_length_is_respected_in_whole_sentences():
    long = " ".join([GOOD] * 6)
    result, backend = run([long], max_words=40)
    assert count_words(result.brief) <= 40
    assert len(split_sentences(result.brief)) == 2  # 16 words each
    assert "40" in last_user(backend.prompts[0])
    result, _ = run([long], max_sentences=1)
    assert result.brief == GOOD


def test_preambles_and_markup_are_stripped():
    result, _ = run([f"Here is a brief of the article:\n\n- **{GOOD}**"])
    assert result.brief == GOOD


def test_target_language_uses_that_languages_prompt_and_checks_numbers_only():
    reply = "Les attaques contre les forces américaines ont augmenté en juillet et en août 2024."
    result, backend = run([reply], target_lang="fr")
    assert "en français" in last_user(backend.prompts[0])
    assert result.lang == "fr"
    assert result.guard.checks == ["numbers"]
    assert result.brief == reply


def test_wrong_language_draft_is_retried_in_the_right_language():
    german = "Die Angriffe auf die Truppen im Irak nahmen im Juli und August 2024 deutlich zu."
    result, backend = run([german, GOOD])
    assert result.guard.action == "retry"
    assert "not written in English" in last_user(backend.prompts[1])
    assert result.brief == GOOD and result.guard.language_ok is True


def test_long_article_is_reduced_to_salient_sentences_never_cut():
    filler = " ".join(f"Officials said the talks in round {i} ended without results."
                       for i in range(12))
    text = ARTICLE + " " + filler
    result, backend = run([GOOD], text=text, positions=330)
    assert result.selection == "salient"
    sentences = [s.text for s in split_sentences(text)]
    assert 0 < len(result.source_sentences) < len(sentences)
    prompt = last_user(backend.prompts[0])
    for i, s in enumerate(sentences):
        assert (s in prompt) == (i in result.source_sentences)


def test_very_long_article_is_chunked_then_combined():
    filler = " ".join(f"Officials said the talks in round {i} ended without any results at all."
                      for i in range(80))
    text = ARTICLE + " " + filler
    def reply(prompt):
        return GOOD if "Notes:" in prompt else "Talks ended without results."

    result, backend = run(reply, text=text, positions=330)
    assert result.selection == "chunked"
    n_notes = len(backend.prompts) - 1
    assert 2 <= n_notes <= 8
    combine = last_user(backend.prompts[-1])
    assert "Notes:" in combine and "Talks ended without results." in combine
    assert result.brief == GOOD
    assert result.source_sentences == sorted(result.source_sentences)


def test_many_articles_share_one_generation_batch():
    backend = ScriptedBackend([GOOD, GOOD, GOOD])
    results = Briefer(backend, BriefOptions.build()).run([cleaned()] * 3)
    assert len(backend.configs) == 1  # one forward call for all three
    assert [r.brief for r in results] == [GOOD] * 3


def test_an_article_without_sentences_gets_an_empty_extractive_brief():
    backend = ScriptedBackend([])
    result = Briefer(backend).run([cleaned(text="")])[0]
    assert result.brief == "" and result.guard.action == "extractive"
    assert backend.prompts == []


@pytest.mark.parametrize("bad", [{"max_words": 0}, {"max_sentences": -1},
                                 {"max_words": "ten"}, {"target_lang": "english!!"}])
def test_bad_options(bad):
    with pytest.raises(InputError):
        BriefOptions.build(**bad)


def test_option_defaults():
    assert (BriefOptions.build().max_words, BriefOptions.build().max_sentences) == (60, 3)
    assert BriefOptions.build(max_words=100).max_sentences == 5
    assert BriefOptions.build(max_sentences=2).max_words == 50
    assert BriefOptions.build(target_lang="fr-CA").target_lang == "fr"


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_end_to_end_on_tiny_models(backend, tiny_t5, tiny_bart, tmp_settings):
    texts = [ARTICLE, "Reuters said the attack on the base was in July. Two soldiers were hurt."]
    for model in (tiny_t5, tiny_bart):
        results = brief_many(texts, model=str(model), backend=backend, device="cpu",
                             settings=tmp_settings, lang="en")
        for text, result in zip(texts, results, strict=True):
            assert result.brief
            assert result.guard.action in {"none", "retry", "removed_sentences", "extractive"}
            assert result.guard.supported
            recheck = check(result.brief, SourceIndex(result.clean.text, "en", "Latin"), "en")
            assert recheck.unsupported == []
            n = len(split_sentences(result.clean.text))
            assert all(0 <= i < n for i in result.source_sentences)
            assert result.clean.text.startswith(text[:20])
            assert {"clean", "load", "generate", "guard", "total"} <= set(result.timings)


def test_brief_rejects_empty_input(tiny_t5, tmp_settings):
    with pytest.raises(InputError):
        brief("   ", model=str(tiny_t5), settings=tmp_settings)
    with pytest.raises(InputError):
        brief(b"\xff\xfe\x00bad", model=str(tiny_t5), settings=tmp_settings)


def test_return_edits_false_drops_the_edit_list(tiny_t5, tmp_settings):
    text = "The  attacks on US forces rose in July .Officials said so."
    kept = brief(text, model=str(tiny_t5), settings=tmp_settings, lang="en")
    dropped = brief(text, model=str(tiny_t5), settings=tmp_settings, lang="en",
                    return_edits=False)
    assert dropped.clean.edits == []
    assert dropped.clean.text == kept.clean.text


def test_huge_article_is_chunked_within_the_chunk_limit_quickly():
    import time

    text = " ".join(f"Officials in city {i % 50} said talks on item {i} ended."
                    for i in range(5000))

    def reply(prompt):
        return "Officials said talks ended." if "Notes:" not in prompt else "Talks ended."

    t0 = time.perf_counter()
    result, backend = run(reply, text=text, positions=2048)
    assert time.perf_counter() - t0 < 60
    assert result.selection == "chunked"
    assert len(backend.prompts) <= 8 + 1
    assert result.brief == "Talks ended."


def test_source_language_sets_the_prompt_language_and_the_checks():
    text = ("Армия атаковала базу в Ираке в июле. Пострадали 8 солдат. "
            "Министр иностранных дел Али Багери Кани посетил Багдад.")
    backend = ScriptedBackend(["Армия атаковала базу в Ираке, пострадали 8 солдат."])
    c = CleanResult(text=text, lang="ru", script="Cyrillic")
    result = Briefer(backend, BriefOptions.build()).run([c])[0]
    assert "Напиши краткое изложение" in last_user(backend.prompts[0])
    assert "русский" in last_user(backend.prompts[0])
    assert result.lang == "ru" and result.guard.checks == ["names", "numbers"]
    assert result.guard.action == "none"


def test_invented_number_in_a_russian_brief_is_caught():
    text = "Армия атаковала базу в Ираке в июле. Пострадали восемь солдат."
    backend = ScriptedBackend(["Пострадали 8 солдат.", "Пострадали 8 солдат."])
    c = CleanResult(text=text, lang="ru", script="Cyrillic")
    assert Briefer(backend).run([c])[0].guard.action == "none"  # восемь = 8
    backend = ScriptedBackend(["Пострадали 12 солдат.", "Пострадали 12 солдат."])
    result = Briefer(backend).run([c])[0]
    assert result.guard.unsupported[0].text == "12"
    assert result.guard.action == "extractive" and "12" not in result.brief


def test_hostile_html_input(tiny_t5, tmp_settings):
    page = ("<html><head><title>x</title><script>alert('Vladimir Putin 99')</script></head>"
            "<body><article><p>Reuters said the attack on the base in Iraq was in July.</p>"
            "<p>Two soldiers were hurt, officials said.</p></article></body></html>")
    result = brief(page, html=True, model=str(tiny_t5), settings=tmp_settings, lang="en")
    assert "alert" not in result.clean.text and "Putin" not in result.brief
    assert result.guard.supported


def test_seed_brief_uses_the_cleanups_canonical_names():
    from pathlib import Path

    from mtbrief.cleanup.pipeline import clean

    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_f02d0a58a933895d.txt"
    c = clean(seed.read_text(encoding="utf-8"))
    draft = ("Attacks on US forces at Ain al-Asad base in Iraq rose in July and August 2024. "
             "Kenny visited Iraq as the Islamic Resistance in Iraq threatened US forces.")
    result = Briefer(ScriptedBackend([draft])).run([c])[0]
    assert "Kenny" not in result.brief and "Kani visited Iraq" in result.brief
    assert "Ain al-Assad" in result.brief and "Islamic Resistance in Iraq" in result.brief
    assert result.guard.action == "none" and result.guard.renamed.get("Kenny") == "Kani"
