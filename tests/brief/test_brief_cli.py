"""`mtbrief brief` and `mtbrief models` through the real typer app (tiny models, no downloads)."""

import json

from typer.testing import CliRunner

from mtbrief.cli.main import app

ARTICLE = ("Reuters said the attack on the base in Iraq was in July. Two soldiers were hurt. "
           "Officials said talks on the withdrawal of US forces were new.")
runner = CliRunner()


def test_brief_json_from_stdin(tiny_t5, tmp_settings, monkeypatch):
    monkeypatch.setenv("MTBRIEF_MODELS_DIR", str(tmp_settings.models_dir))
    res = runner.invoke(app, ["brief", "-", "--model", str(tiny_t5), "--format", "json",
                              "--max-words", "20", "--lang", "en"], input=ARTICLE)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {"clean", "brief", "lang", "model", "guard", "source_sentences", "timings"} <= set(data)
    assert data["brief"] and len(data["brief"].split()) <= 20


def test_brief_text_output(tiny_bart, tmp_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("MTBRIEF_MODELS_DIR", str(tmp_settings.models_dir))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["brief", str(article), "--model", str(tiny_bart),
                              "--backend", "transformers"])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip()


def test_missing_model_exits_3_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    res = runner.invoke(app, ["brief", "-", "--model", "someone/absent-model"], input=ARTICLE)
    assert res.exit_code == 3
    assert res.stderr.startswith("error: model 'someone/absent-model' is not available offline")
    assert "Traceback" not in res.output


def test_bad_usage_exits_2(tmp_path):
    assert runner.invoke(app, ["brief"]).exit_code == 2
    assert runner.invoke(app, ["brief", str(tmp_path / "none.txt")]).exit_code == 2
    res = runner.invoke(app, ["brief", "-", "--format", "xml"], input=ARTICLE)
    assert res.exit_code == 2 and "--format" in res.stderr
    res = runner.invoke(app, ["brief", "-", "--max-words", "0", "--model", "small"],
                        input=ARTICLE)
    assert res.exit_code == 2 and "max_words" in res.stderr
    assert runner.invoke(app, ["brief", "-"], input="").exit_code == 2


def test_batch_jsonl(tiny_t5, tmp_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("MTBRIEF_MODELS_DIR", str(tmp_settings.models_dir))
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": ARTICLE}, {"id": "b", "text": ""}, {"id": "c", "text": ARTICLE}]),
        encoding="utf-8")
    res = runner.invoke(app, ["brief", "--input", str(src), "--output", str(out),
                              "--model", str(tiny_t5)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["brief"] and "guard" in rows[0]
    assert "error" in rows[1]


def test_models_list_and_prepare_errors(tmp_path):
    res = runner.invoke(app, ["models", "list", "--json", "--models-dir", str(tmp_path)])
    assert res.exit_code == 0
    rows = {r["key"]: r for r in json.loads(res.stdout)}
    assert rows["small"]["installed"] and not rows["small"]["prepared"]
    res = runner.invoke(app, ["models", "prepare", "--model", "nope"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["models", "verify", "--model", "small", "--models-dir",
                              str(tmp_path)])
    assert res.exit_code == 3 and "not prepared" in res.stderr
