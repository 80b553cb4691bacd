"""`mtbrief clean`: text, --explain, --format json, --html, stdin, batch, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import mtbrief
from mtbrief.cli.main import app
from mtbrief.config import get_settings

ARTICLE = (
    "The council met on Tuesday. Officials said the talks would resume next week, "
    "and the budget was approved by a large majority after a long debate.\n"
)
HTML_PAGE = (
    "<html lang=en><body><article><h1>Budget</h1><p>The council met on Tuesday in the capital "
    "and<a href='/x'>Iraq</a> sent observers to watch the vote, which passed by a wide margin "
    "after a long debate about taxes, schools and roads.</p><p>Officials said the talks would "
    "resume next week with the neighbouring provinces.</p></article></body></html>"
)


def run(runner, args, **kwargs):
    return runner.invoke(app, ["clean", *args], **kwargs)


def assert_bad_input(result, *needles):
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


# -- output -------------------------------------------------------------------------------------
def test_prints_the_cleaned_text(runner, seed_path):
    result = run(runner, [str(seed_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == mtbrief.clean(seed_path.read_text(encoding="utf-8")).text


def test_json_gives_the_full_result(runner, seed_path):
    result = run(runner, [str(seed_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = mtbrief.clean(seed_path.read_text(encoding="utf-8"))
    assert data == json.loads(expected.model_dump_json())
    assert data["lang"] == "en" and data["script"] == "Latin"
    assert {"text", "edits", "name_map", "skipped"} <= data.keys()


def test_explain_lists_every_edit(runner, seed_path):
    expected = mtbrief.clean(seed_path.read_text(encoding="utf-8"))
    result = run(runner, [str(seed_path), "--explain"], terminal_width=200)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(expected.text.rstrip("\n"))
    table = out[len(expected.text.rstrip("\n")) :]
    for header in ("span", "before", "after", "kind", "reason", "confidence"):
        assert header in table
    assert f"{len(expected.edits)} edit(s)" in table
    for edit in expected.edits[:5]:
        assert f"{edit.start}-{edit.end}" in table
        assert edit.kind.split("+")[0] in table


def test_explain_does_not_interpret_markup_in_the_text(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("The [bold]council[/bold] met on Tuesday and[red] agreed.\n", encoding="utf-8")
    result = run(runner, [str(src), "--explain"])
    assert result.exit_code == 0, result.output
    assert "[bold]council[/bold]" in result.stdout


def test_stdin(runner):
    result = run(runner, ["-"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert result.stdout == mtbrief.clean(ARTICLE).text


def test_html_by_suffix_and_by_flag(runner, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    by_suffix = run(runner, [str(page)])
    assert by_suffix.exit_code == 0, by_suffix.output
    assert "and Iraq sent observers" in by_suffix.stdout
    assert "<article>" not in by_suffix.stdout
    assert by_suffix.stdout == mtbrief.clean_html(HTML_PAGE).text
    by_flag = run(runner, ["-", "--html"], input=HTML_PAGE)
    assert by_flag.stdout == by_suffix.stdout
    as_text = run(runner, [str(page), "--text"])
    assert "<article>" in as_text.stdout


def test_lang_and_glossary_reach_the_library(runner, tmp_path, monkeypatch):
    seen = {}

    def fake_clean(text, lang=None, glossary=None):
        seen.update(text=text, lang=lang, glossary=glossary)
        return mtbrief.CleanResult(text=text, lang=lang)

    monkeypatch.setattr("mtbrief.cleanup.pipeline.clean", fake_clean)
    glossary = tmp_path / "terms.toml"
    glossary.write_text('"rock cliff" = "Jurf al-Sakhar"\n', encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, [str(src), "--lang", "EN", "--glossary", str(glossary)])
    assert result.exit_code == 0, result.output
    assert seen == {"text": ARTICLE, "lang": "en", "glossary": glossary}


# -- bad input ----------------------------------------------------------------------------------
def test_missing_file(runner, tmp_path):
    assert_bad_input(run(runner, [str(tmp_path / "nope.txt")]), "no such file")


def test_folder(runner, tmp_path):
    assert_bad_input(run(runner, [str(tmp_path)]), "folder")


@pytest.mark.parametrize("content", [b"", b"   \n"])
def test_empty_file(runner, tmp_path, content):
    src = tmp_path / "empty.txt"
    src.write_bytes(content)
    assert_bad_input(run(runner, [str(src)]), "empty")


def test_not_utf8(runner, tmp_path):
    src = tmp_path / "latin1.txt"
    src.write_bytes("Le café est fermé.".encode("latin-1"))
    assert_bad_input(run(runner, [str(src)]), "not valid UTF-8")


def test_binary(runner, tmp_path):
    src = tmp_path / "blob.bin"
    src.write_bytes(bytes(range(256)) * 8)
    assert_bad_input(run(runner, [str(src)]), "binary")


def test_binary_on_stdin(runner):
    assert_bad_input(run(runner, ["-"], input=b"\x00\x01\x02 junk"), "binary")


def test_too_large(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("MTBRIEF_MAX_INPUT_BYTES", "100")
    get_settings.cache_clear()
    try:
        src = tmp_path / "big.txt"
        src.write_text("word " * 100, encoding="utf-8")
        assert_bad_input(run(runner, [str(src)]), "500 bytes", "limit is 100 bytes")
        assert_bad_input(run(runner, ["-"], input="word " * 100), "limit of 100 bytes")
    finally:
        monkeypatch.delenv("MTBRIEF_MAX_INPUT_BYTES")
        get_settings.cache_clear()


def test_hostile_html(runner):
    deep = "<html><body>" + "<div>" * 10_000 + "<p>x</p>"
    assert_bad_input(run(runner, ["-", "--html"], input=deep), "levels deep")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ([], "give a FILE"),
        (["x.txt", "--format", "xml"], "--format"),
        (["x.txt", "--glossary", "/no/such/glossary.toml"], "glossary"),
        (["--output", "out.jsonl"], "--output needs --input"),
        (["--input", "in.jsonl"], "--input needs --output"),
    ],
)
def test_usage_errors(runner, args, needle):
    assert_bad_input(run(runner, args), needle)


# -- batch --------------------------------------------------------------------------------------
def test_batch_delegates_to_run_jsonl(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    records = [
        {"id": "a", "text": "Syria andIraq For repeated attacks on the base, officials said."},
        {"id": "b", "text": 42},
        {"id": "c", "text": ARTICLE, "lang": "en"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(runner, ["--input", str(src), "--output", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["text"] == mtbrief.clean(records[0]["text"]).text
    assert "edits" in rows[0] and rows[0]["lang"] == "en"
    assert "error" in rows[1]
    assert rows[2]["text"] == mtbrief.clean(ARTICLE).text
    assert "3 written, 0 skipped, 1 with errors" in result.stderr
    again = run(runner, ["--input", str(src), "--output", str(out)])
    assert again.exit_code == 0, again.output
    assert "0 written, 3 skipped" in again.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_batch_and_file_together_is_an_error(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    result = run(runner, ["a.txt", "--input", str(src), "--output", str(tmp_path / "o.jsonl")])
    assert_bad_input(result, "not both")


# -- the real console script --------------------------------------------------------------------
def test_console_script_on_the_seed(seed_path):
    exe = Path(sysconfig.get_path("scripts")) / "mtbrief"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mtbrief.cli.main"]
    proc = subprocess.run(
        [*cmd, "clean", str(seed_path)],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8") == mtbrief.clean(seed_path.read_text("utf-8")).text
    bad = subprocess.run(
        [*cmd, "clean", str(seed_path.parent / "missing.txt")],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("error: ") and b"Traceback" not in bad.stderr


def test_glossary_file_is_applied(runner, tmp_path):
    glossary = tmp_path / "terms.toml"
    glossary.write_text('"blue meadow" = "Marj al-Azraq"\n', encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("The town of blue meadow was shelled on Monday, officials said.\n", "utf-8")
    plain = run(runner, [str(src)])
    assert "blue meadow" in plain.stdout
    result = run(runner, [str(src), "--glossary", str(glossary), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "The town of Marj al-Azraq was shelled" in data["text"]
    assert any(e["before"] == "blue meadow" and e["kind"] == "glossary" for e in data["edits"])


# -- the language-model check: --lm ---------------------------------------------------------------
LM_TEXT = (
    "The company opened a new office in the city last year. Its workers said the move was good "
    "for the town. The firm said that Neumann borrowed against his WeWork Shares and leased "
    "offices to it.\n"
)


@pytest.mark.parametrize(
    ("mode", "scored", "cleaned"),
    [
        ("always", True, "against his WeWork shares and leased"),
        ("off", False, "against his WeWork Shares and leased"),
        # no rule found link damage in this text and it has no full stop to probe, so "auto"
        # leaves its capitals to the rules
        ("auto", False, "against his WeWork Shares and leased"),
    ],
)
def test_lm_option_sets_the_check_for_this_run(
    runner, tmp_path, monkeypatch, mode, scored, cleaned
):
    from tests.cleanup.test_lm_check import FakeScorer

    from mtbrief.cleanup.repairs import lm_check

    scorer = FakeScorer({"WeWork shares": 20.0})
    monkeypatch.setattr(lm_check, "get_scorer", lambda model: scorer)
    # the environment says otherwise: the option wins (and monkeypatch restores the variable)
    monkeypatch.setenv("MTBRIEF_CLEANUP_LM", "off" if mode != "off" else "always")
    get_settings.cache_clear()
    src = tmp_path / "a.txt"
    src.write_text(LM_TEXT, encoding="utf-8")
    try:
        result = run(runner, [str(src), "--lm", mode, "--format", "json"])
        assert result.exit_code == 0, result.output
        assert get_settings().cleanup_lm == mode
    finally:
        get_settings.cache_clear()
    out = json.loads(result.stdout)
    assert cleaned in out["text"]
    assert bool(scorer.calls) is scored
    kinds = [e["kind"] for e in out["edits"]]
    assert kinds == (["link_capital"] if scored else [])


def test_lm_option_refuses_an_unknown_mode(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(LM_TEXT, encoding="utf-8")
    assert_bad_input(run(runner, [str(src), "--lm", "sometimes"]), "--lm must be one of")
