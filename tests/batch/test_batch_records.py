"""process_record: the one per-record implementation every path shares."""

from __future__ import annotations

import json
import sys
import types

import pytest
from batch_testdata import seed_text

import mtbrief
from mtbrief.batch import StageOptions, StageUnavailableError, process_record, process_records
from mtbrief.batch.records import to_json_line
from mtbrief.brief.result import BriefResult, GuardReport


def test_clean_record_is_exactly_the_library_result():
    text = seed_text()
    out = process_record({"id": "seed", "text": text})
    lib = mtbrief.clean(text)
    assert out == {
        "id": "seed",
        "text": lib.text,
        "lang": lib.lang,
        "edits": [e.model_dump() for e in lib.edits],
    }
    assert mtbrief.apply_edits(text, [mtbrief.Edit(**e) for e in out["edits"]]) == out["text"]


def test_given_lang_is_used_and_default_lang_applies_to_records_without_one():
    text = "Il a dit que le conseil se réunira mardi prochain dans la capitale."
    assert process_record({"id": 1, "text": text, "lang": "de"})["lang"] == "de"
    assert process_record({"id": 2, "text": text}, options=StageOptions(lang="it"))["lang"] == "it"
    assert process_record({"id": 3, "text": text})["lang"] == "fr"


@pytest.mark.parametrize(
    ("record", "code", "words"),
    [
        ({"id": "a"}, "missing_text", "no 'text'"),
        ({"id": "a", "text": None}, "missing_text", "no 'text'"),
        ({"id": "a", "text": 42}, "not_text", "a number"),
        ({"id": "a", "text": ["x"]}, "not_text", "an array"),
        ({"id": "a", "text": {"t": "x"}}, "not_text", "an object"),
        ({"id": "a", "text": "   \n"}, "empty_input", "empty"),
        ({"id": "a", "text": "abc\x00\x01\x02"}, "not_utf8", "NUL"),
        ({"id": "a", "text": b"\xff\xfe\x00junk"}, "not_utf8", "UTF-8"),
        ({"id": "a", "text": "ok text", "lang": 5}, "bad_lang", "language code"),
        ("just a string", "not_an_object", "JSON object"),
    ],
)
def test_bad_records_become_error_records(record, code, words):
    out = process_record(record)
    assert out["code"] == code
    assert words in out["error"]
    assert set(out) == {"id", "error", "code"}


def test_too_large_is_refused_not_truncated():
    out = process_record({"id": "big", "text": "word " * 100}, options=StageOptions(max_bytes=100))
    assert out["code"] == "too_large" and "100" in out["error"]
    assert "text" not in out


def test_one_bad_record_does_not_affect_its_chunk_neighbours():
    records = [
        {"id": "ok1", "text": "The minister spoke on Monday."},
        {"id": "bad", "text": 1},
        {"id": "ok2", "text": "Prices rose again in March."},
    ]
    outs = process_records(records)
    assert [o["id"] for o in outs] == ["ok1", "bad", "ok2"]
    assert "error" not in outs[0] and "error" not in outs[2] and outs[1]["code"] == "not_text"


def test_a_crashing_repair_is_recorded_and_the_chunk_goes_on(monkeypatch):
    import mtbrief.cleanup.pipeline as pipeline

    real = pipeline.clean

    def flaky(text, lang=None, glossary=None):
        if "boom" in text:
            raise ZeroDivisionError("division by zero")
        return real(text, lang=lang, glossary=glossary)

    monkeypatch.setattr(pipeline, "clean", flaky)
    outs = process_records([{"id": 1, "text": "boom goes it"}, {"id": 2, "text": "Calm day."}])
    assert outs[0]["code"] == "internal_error" and "ZeroDivisionError" in outs[0]["error"]
    assert outs[1]["text"] == "Calm day."


def test_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="unknown stage"):
        process_record({"id": 1, "text": "x"}, stage="translate")


def test_html_record_uses_clean_html_or_says_it_is_missing():
    html = "<html><body><article><p>The vote was held <a href='/x'>in</a>Paris on Sunday."
    try:
        import mtbrief.ingest.html  # noqa: F401
    except ImportError:
        with pytest.raises(StageUnavailableError, match="HTML input"):
            process_record({"id": "p", "text": html, "html": True})
        return
    out = process_record({"id": "p", "text": html, "html": True})
    assert "<a" not in out["text"] and "Paris" in out["text"]


def test_lone_surrogates_are_serialised_as_valid_json():
    line = to_json_line({"id": "s", "text": "bad \ud800 half"})
    assert line.endswith(b"\n") and b"\n" not in line[:-1]
    assert json.loads(line)["text"] == "bad \ud800 half"
    line = to_json_line({"id": "u", "text": "line\u2028sep “quoted”"})
    assert "“quoted”".encode() in line  # readable UTF-8, not escaped


# -- brief stage: batching through brief_many, with a stand-in brief module -------------------


def _fake_result(text: str, **options) -> BriefResult:
    return BriefResult(
        clean=mtbrief.clean(text),
        brief=text.split(".")[0] + ".",
        lang=options.get("target_lang") or "en",
        model="fake",
        guard=GuardReport(supported=True),
        timings={"total": 0.123},
    )


@pytest.fixture
def fake_brief(monkeypatch):
    calls = {"many": [], "one": []}
    module = types.ModuleType("mtbrief.brief")

    def brief(text, **options):
        calls["one"].append(text)
        if "explode" in text:
            raise RuntimeError("generation failed")
        return _fake_result(text, **options)

    def brief_many(texts, **options):
        calls["many"].append(list(texts))
        if any("explode" in t for t in texts):
            raise RuntimeError("generation failed")
        return [_fake_result(t, **options) for t in texts]

    module.brief, module.brief_many = brief, brief_many
    monkeypatch.setitem(sys.modules, "mtbrief.brief", module)
    return calls


def test_brief_chunk_is_generated_as_one_batch_when_asked(fake_brief):
    records = [{"id": i, "text": f"Story {i} happened today. More detail."} for i in range(3)]
    options = StageOptions(brief_options={"target_lang": "en"}, generation_batch=3)
    outs = process_records(records, "brief", options)
    assert len(fake_brief["many"]) == 1 and fake_brief["one"] == []
    assert [o["brief"] for o in outs] == [f"Story {i} happened today." for i in range(3)]
    assert outs[0]["model"] == "fake" and outs[0]["guard"]["supported"] is True
    assert "timings" not in outs[0]  # output must not depend on machine load


def test_on_a_cpu_briefs_are_generated_one_at_a_time_by_default(fake_brief):
    records = [{"id": i, "text": f"Story {i} happened today."} for i in range(3)]
    outs = process_records(records, "brief", StageOptions(brief_options={"device": "cpu"}))
    assert fake_brief["many"] == [] and len(fake_brief["one"]) == 3
    assert [o["id"] for o in outs] == [0, 1, 2]


def test_brief_batch_failure_is_isolated_to_the_bad_record(fake_brief):
    records = [
        {"id": 1, "text": "Calm news today."},
        {"id": 2, "text": "This will explode now."},
        {"id": 3, "text": 7},
    ]
    outs = process_records(records, "brief", StageOptions(generation_batch=2))
    assert len(fake_brief["many"]) == 1  # the batch was tried, failed, and was redone singly
    assert outs[0]["brief"] == "Calm news today."
    assert outs[1]["code"] == "internal_error" and "generation failed" in outs[1]["error"]
    assert outs[2]["code"] == "not_text"
    assert fake_brief["one"] == ["Calm news today.", "This will explode now."]


def test_brief_stage_without_brief_module_is_a_stage_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "mtbrief.brief", None)  # import fails
    with pytest.raises(StageUnavailableError, match="brief"):
        process_records([{"id": 1, "text": "Some news."}], "brief")
