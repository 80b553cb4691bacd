"""`mtbrief brief`: clean an article and write a faithful brief of it.

    mtbrief brief FILE|-                          # the brief on stdout
    mtbrief brief FILE --format json              # the full BriefResult (clean, guard, timings)
    mtbrief brief FILE --model small --max-words 40 --target-lang fr
    mtbrief brief --input IN.jsonl --output OUT.jsonl   # many: mtbrief.batch.run_jsonl

This module only reads input and formats output; every decision is the library's.  Bad input or
a missing model gives one ``error: ...`` line on stderr (exit 2 or 3), never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputTooLargeError, ModelUnavailableError, MtbriefError

EXIT_BAD_INPUT = 2
EXIT_NO_MODEL = 3
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


class _Refused(Exception):
    """Bad usage found by the CLI itself (missing file, conflicting options...)."""


def _read(source: str, limit: int) -> bytes:
    """Bytes of FILE or stdin ('-'), refusing more than ``limit``."""
    if source == "-":
        data = typer.get_binary_stream("stdin").read(limit + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise _Refused(f"{source}: no such file")
        try:
            with path.open("rb") as fh:
                data = fh.read(limit + 1)
        except OSError as exc:
            raise _Refused(f"{source}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputTooLargeError(f"{source} is over the limit of {limit:,} bytes")
    return data


def _print_text(result: object) -> None:
    from rich.console import Console
    from rich.text import Text

    out = sys.stdout
    out.write(result.brief + "\n")  # type: ignore[attr-defined]
    guard = result.guard  # type: ignore[attr-defined]
    note = Text(f"[{result.model}; guard: {guard.action}", style="dim")  # type: ignore[attr-defined]
    if guard.unsupported:
        spans = ", ".join(f"{s.text!r} ({s.kind})" for s in guard.unsupported)
        note.append(f"; unsupported in draft: {spans}")
    if guard.renamed:
        note.append("; renamed: " + ", ".join(f"{a} -> {b}" for a, b in guard.renamed.items()))
    note.append("]")
    Console(file=sys.stderr, soft_wrap=True).print(note)


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to ``app``."""

    @app.command("brief")
    def brief_command(
        source: Annotated[str | None, typer.Argument(
            metavar="FILE|-", help="Article to brief; '-' reads stdin.",
            show_default=False)] = None,
        model: Annotated[str | None, typer.Option(
            "--model", "-m", help="'default', 'small', a model folder or a cached hub id "
            "(default: MTBRIEF_MODEL, else 'default').", show_default=False)] = None,
        backend: Annotated[str | None, typer.Option(
            "--backend", help="'auto', 'ctranslate2' or 'transformers'.",
            show_default=False)] = None,
        device: Annotated[str | None, typer.Option(
            "--device", help="'auto', 'cpu' or 'cuda'.", show_default=False)] = None,
        output_format: Annotated[str, typer.Option(
            "--format", "-f", help="'text' (the brief) or 'json' (the full result).")] = "text",
        target_lang: Annotated[str | None, typer.Option(
            "--target-lang", help="Language of the brief (default: the article's).",
            show_default=False)] = None,
        max_words: Annotated[int | None, typer.Option(
            "--max-words", help="At most this many words (default 60).",
            show_default=False)] = None,
        max_sentences: Annotated[int | None, typer.Option(
            "--max-sentences", help="At most this many sentences (default 3).",
            show_default=False)] = None,
        html: Annotated[bool | None, typer.Option(
            "--html/--text", help="Treat the input as an HTML page (default: by suffix).",
            show_default=False)] = None,
        lang: Annotated[str | None, typer.Option(
            "--lang", help="Source language code; skips detection.", show_default=False)] = None,
        glossary: Annotated[Path | None, typer.Option(
            "--glossary", help="Glossary file for the cleanup.", show_default=False)] = None,
        input_path: Annotated[Path | None, typer.Option(
            "--input", help="Batch: JSONL of {id, text, lang?} records.",
            show_default=False)] = None,
        output_path: Annotated[Path | None, typer.Option(
            "--output", help="Batch: JSONL to write ({id, brief, guard, ...}).",
            show_default=False)] = None,
        batch_size: Annotated[int, typer.Option(
            "--batch-size", help="Batch: articles generated together.")] = 8,
    ) -> None:
        """Clean an article and write a brief every name and number of which it supports."""
        options = {"target_lang": target_lang, "max_words": max_words,
                   "max_sentences": max_sentences, "model": model, "backend": backend,
                   "device": device}
        options = {k: v for k, v in options.items() if v is not None}
        try:
            if output_format not in ("text", "json"):
                raise _Refused(f"--format must be 'text' or 'json', not {output_format!r}")
            if glossary is not None and not glossary.is_file():
                raise _Refused(f"glossary {glossary}: no such file")
            if input_path is not None or output_path is not None:
                if source is not None:
                    raise _Refused("give either FILE or --input/--output, not both")
                if input_path is None or output_path is None:
                    raise _Refused("--input and --output go together")
                if not input_path.is_file():
                    raise _Refused(f"{input_path}: no such file")
                from ..batch import run_jsonl

                stats = run_jsonl(input_path, output_path, stage="brief", batch_size=batch_size,
                                  lang=lang, glossary=glossary, **options)
                typer.echo(f"{stats.written} written, {stats.skipped} skipped, {stats.errors} "
                           f"with errors -> {output_path}", err=True)
                return
            if source is None:
                raise _Refused("give a FILE to brief, '-' for stdin, or --input/--output")
            from ..brief import brief as brief_fn
            from ..config import get_settings

            as_html = html if html is not None else Path(source).suffix.lower() in HTML_SUFFIXES
            data = _read(source, get_settings().max_input_bytes)
            result = brief_fn(data, html=as_html, lang=lang, glossary=glossary, **options)
        except _Refused as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except ModelUnavailableError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_NO_MODEL) from None
        except (MtbriefError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        if output_format == "json":
            typer.echo(result.model_dump_json(indent=2))
        else:
            _print_text(result)
