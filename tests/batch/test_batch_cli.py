"""`mtbrief batch`: the command wires options to run() and reports problems in words."""

from __future__ import annotations

import typer
from batch_testdata import corpus, read_output, write_jsonl
from typer.testing import CliRunner

from mtbrief.cli import batch as batch_cli


def _app() -> typer.Typer:
    app = typer.Typer()
    batch_cli.register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps typer from flattening the app
        """Nothing."""

    return app


def test_batch_command_writes_output_errors_and_a_summary(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", [*corpus(4, langs=False), {"id": "x", "text": 1}])
    result = CliRunner().invoke(
        _app(),
        [
            "batch",
            str(inp),
            str(tmp_path / "out.jsonl"),
            "--workers",
            "1",
            "--errors",
            str(tmp_path / "err.jsonl"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "5 written (1 with errors" in result.output
    out = read_output(tmp_path / "out.jsonl")
    assert [o["lang"] for o in out[:4]] == ["en"] * 4 and out[4]["code"] == "not_text"
    assert read_output(tmp_path / "err.jsonl")[0]["id"] == "x"
    again = CliRunner().invoke(_app(), ["batch", str(inp), str(tmp_path / "out.jsonl")])
    assert again.exit_code == 0 and "5 already done" in again.output


def test_missing_input_and_unknown_choices_are_clear_errors(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(_app(), ["batch", str(tmp_path / "nope.jsonl"), str(tmp_path / "o")])
    assert missing.exit_code == 1 and "input not found" in missing.output
    inp = write_jsonl(tmp_path / "in.jsonl", corpus(1))
    stage = runner.invoke(_app(), ["batch", str(inp), str(tmp_path / "o"), "--stage", "sum"])
    assert stage.exit_code == 1 and "unknown stage" in stage.output
    engine = runner.invoke(_app(), ["batch", str(inp), str(tmp_path / "o"), "--engine", "spark"])
    assert engine.exit_code == 1 and "unknown engine" in engine.output
    brief_opt = runner.invoke(_app(), ["batch", str(inp), str(tmp_path / "o"), "--max-words", "5"])
    assert brief_opt.exit_code != 0 and "--stage brief" in brief_opt.output
