import pytest

from mtbrief.brief.prompts import (
    language_name,
    list_prompts,
    load_prompt,
    parse_template,
    prompts_dir,
)

VALUES = {"language": "X", "lang": "xx", "max_words": 60, "max_sentences": 3,
          "article": "BODY {not a placeholder}", "unsupported": "“Y”"}


def test_every_chat_template_renders_every_section_and_insists_on_language():
    names = [n for n in list_prompts() if n.startswith("chat.")]
    assert {"chat.en", "chat.fr", "chat.es", "chat.de", "chat.ru", "chat.ar"} <= set(names)
    for name in names:
        template = load_prompt("chat", name.split(".")[1])
        for section in ("system", "user", "retry", "retry_language", "combine"):
            assert template.has(section), (name, section)
            template.render(section, **VALUES)  # no unknown placeholder
        user = template.render("user", **VALUES)
        assert "BODY {not a placeholder}" in user  # article braces are not format fields
        assert user.count("X") >= 2  # the language is named more than once
        assert "60" in user and "3" in user


def test_fallbacks():
    assert load_prompt("chat", "sw").lang == "en"
    assert load_prompt("chat", None).lang == "en"
    assert load_prompt("chat", "fr-CA").lang == "fr"
    assert load_prompt("t5", "de").render("user", article="A") == "summarize: A"
    assert load_prompt("seq2seq", "en").render("user", article="A") == "A"
    with pytest.raises(FileNotFoundError):
        load_prompt("nosuchfamily", "en")
    with pytest.raises(FileNotFoundError):
        load_prompt("chat", "en", version="v999")


def test_prompts_dir_can_be_overridden(tmp_path, monkeypatch):
    (tmp_path / "brief" / "v9").mkdir(parents=True)
    (tmp_path / "brief" / "v9" / "chat.en.txt").write_text("[user]\nHi {article}", "utf-8")
    monkeypatch.setenv("MTBRIEF_PROMPTS_DIR", str(tmp_path))
    assert prompts_dir() == tmp_path
    assert load_prompt("chat", "en", version="v9").render("user", article="A") == "Hi A"


def test_parse_errors_are_clear():
    with pytest.raises(ValueError, match="no \\[section\\]"):
        parse_template("# only a comment")
    with pytest.raises(ValueError, match="before the first"):
        parse_template("stray\n[user]\nx")
    with pytest.raises(KeyError, match="retry"):
        parse_template("[user]\nx").render("retry")
    with pytest.raises(KeyError):
        parse_template("[user]\n{missing}").render("user")


def test_language_names_from_cldr():
    assert language_name("fr", "en") == "French"
    assert language_name("ru", "fr") == "russe"
    assert language_name("qq", "en") == "qq"
