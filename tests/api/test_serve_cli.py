"""`mtbrief serve`: options and settings reach uvicorn; a key is generated when none is set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mtbrief.cli import serve as serve_cli
from mtbrief.config import get_settings


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> dict:
    import uvicorn

    calls: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    for var in (
        "MTBRIEF_API_KEYS",
        "MTBRIEF_AUTH_DISABLED",
        "MTBRIEF_HOST",
        "MTBRIEF_PORT",
        "MTBRIEF_WORKERS",
        "MTBRIEF_MODEL",
        "MTBRIEF_DEVICE",
        "MTBRIEF_JOBS_DB",
        "MTBRIEF_CONFIG",
        "MTBRIEF_API_KEYS_FILE",
    ):
        monkeypatch.delenv(var, raising=False)
    yield calls
    get_settings.cache_clear()


def run(args: list[str]):
    app = typer.Typer()
    serve_cli.register(app)
    app.command("noop")(lambda: None)  # keep `serve` as a sub-command
    return CliRunner().invoke(app, ["serve", *args])


def test_serve_passes_options_and_generates_a_key(
    captured: dict, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MTBRIEF_AUTH_DISABLED", "false")
    result = run(
        [
            "--port",
            "8123",
            "--workers",
            "2",
            "--model",
            "small",
            "--device",
            "cpu",
            "--jobs-db",
            str(tmp_path / "j.db"),
        ]
    )
    assert result.exit_code == 0, result.output
    assert captured["app"] == "mtbrief.api:app_from_env" and captured["factory"] is True
    assert (captured["port"], captured["workers"]) == (8123, 2)
    settings = get_settings()
    assert (settings.model, settings.device, settings.jobs_db) == (
        "small",
        "cpu",
        tmp_path / "j.db",
    )
    keys = json.loads(__import__("os").environ["MTBRIEF_API_KEYS"])
    assert len(keys) == 1 and len(keys[0]) >= 24 and keys[0] in result.output


def test_serve_reads_a_config_file_and_keeps_auth_off_when_asked(
    captured: dict, tmp_path: Path
) -> None:
    config = tmp_path / "mtbrief.toml"
    config.write_text('host = "0.0.0.0"\nport = 9001\nauth_disabled = true\n')
    result = run(["--config", str(config)])
    assert result.exit_code == 0, result.output
    assert (captured["host"], captured["port"]) == ("0.0.0.0", 9001)
    assert "Bearer" not in result.output
    assert run(["--config", str(tmp_path / "missing.toml")]).exit_code != 0
