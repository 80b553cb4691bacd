"""``mtbrief serve``: run the HTTP service under uvicorn.

Options override the settings (env ``MTBRIEF_*``, ``.env``, the file named by ``MTBRIEF_CONFIG``);
they are passed on through the environment so every uvicorn worker process sees the same values.
With no API key configured and auth not explicitly disabled, a random key is generated for this
run and printed once, so a fresh server is never open by accident.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Annotated

import typer

from ..config import get_settings


def _export(name: str, value: object) -> None:
    if value is not None:
        os.environ[f"MTBRIEF_{name.upper()}"] = str(value)


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    workers: Annotated[int | None, typer.Option(help="uvicorn worker processes.")] = None,
    model: Annotated[str | None, typer.Option(help="'default', 'small', hub id or folder.")] = None,
    device: Annotated[str | None, typer.Option(help="'auto', 'cpu' or 'cuda'.")] = None,
    jobs_db: Annotated[Path | None, typer.Option(help="SQLite file for jobs.")] = None,
    config: Annotated[
        Path | None, typer.Option(help="TOML/JSON settings file (same as MTBRIEF_CONFIG).")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (docs at /docs, review page at /)."""
    import uvicorn

    if config is not None:
        if not config.is_file():
            raise typer.BadParameter("no such file", param_hint="--config")
        os.environ["MTBRIEF_CONFIG"] = str(config.resolve())
    for name, value in (
        ("host", host),
        ("port", port),
        ("workers", workers),
        ("model", model),
        ("device", device),
        ("jobs_db", jobs_db.resolve() if jobs_db else None),
    ):
        _export(name, value)
    get_settings.cache_clear()
    settings = get_settings()
    if not settings.auth_disabled and not settings.api_keys and settings.api_keys_file is None:
        key = secrets.token_urlsafe(24)
        os.environ["MTBRIEF_API_KEYS"] = json.dumps([key])
        get_settings.cache_clear()
        typer.secho(
            "No API key configured (MTBRIEF_API_KEYS / MTBRIEF_API_KEYS_FILE), so this run uses:\n"
            f"  Authorization: Bearer {key}\n"
            "Set MTBRIEF_AUTH_DISABLED=true to serve without keys (trusted networks only).",
            err=True,
            fg="yellow",
        )
    uvicorn.run(
        "mtbrief.api:app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=log_level,
        timeout_graceful_shutdown=10,
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve)
