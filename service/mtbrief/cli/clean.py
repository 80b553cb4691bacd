"""`mtbrief clean`: repair a machine-translated article and show what changed.

    mtbrief clean FILE|-                       # cleaned text on stdout
    mtbrief clean FILE --explain               # ... then a table of every edit
    mtbrief clean FILE --format json           # the full CleanResult
    mtbrief clean page.html                    # HTML (by suffix, or --html): extract, then clean
    mtbrief clean --input IN.jsonl --output OUT.jsonl [--workers N]   # batch (mtbrief.batch)
    mtbrief clean FILE --lm off                # rules only: no language-model check (fastest)

This module only reads input and formats output; every decision is the library's.  It must never
print a traceback for bad input: such input gets one ``error: ...`` line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputTooLargeError, MtbriefError

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
EXIT_BAD_INPUT = 2
# The table shows at most this many characters of an edit's before/after text.
CELL_CHARS = 60


class _Refused(Exception):
    """Bad input found by the CLI itself (missing file, conflicting options...)."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def _read(source: str, limit: int) -> bytes:
    """Bytes of FILE or stdin ('-'), refusing more than ``limit`` before reading it all."""
    if source == "-":
        data = typer.get_binary_stream("stdin").read(limit + 1)
        if len(data) > limit:
            raise InputTooLargeError(f"stdin is over the limit of {limit:,} bytes")
        return data
    path = Path(source)
    if not path.exists():
        raise _Refused(f"{source}: no such file")
    if path.is_dir():
        raise _Refused(f"{source}: is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputTooLargeError(f"{source} is {size:,} bytes; the limit is {limit:,} bytes")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _Refused(f"{source}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > limit:  # grew while we looked, or a special file
        raise InputTooLargeError(f"{source} is over the limit of {limit:,} bytes")
    return data


def _short(text: str) -> str:
    shown = text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"
    return repr(shown)[1:-1] if shown != shown.strip() or "\n" in shown else shown


def _explain(result: object) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    edits = result.edits  # type: ignore[attr-defined]
    table = Table(
        title=f"{len(edits)} edit(s); language {result.lang or '?'}",  # type: ignore[attr-defined]
        title_justify="left",
        show_lines=False,
    )
    table.add_column("span", no_wrap=True)
    table.add_column("before", overflow="fold", max_width=32)
    table.add_column("after", overflow="fold", max_width=32)
    table.add_column("kind", overflow="fold", max_width=24)
    table.add_column("reason", overflow="fold", ratio=1, min_width=24)
    table.add_column("confidence", justify="right", no_wrap=True)
    for e in edits:
        # Text(...) rather than markup strings: article text may contain "[bold]" and the like.
        table.add_row(
            Text(f"{e.start}-{e.end}"),
            Text(_short(e.before)),
            Text(_short(e.after)),
            Text(e.kind),
            Text(e.reason),
            Text(f"{e.confidence:.2f}"),
        )
    Console(file=sys.stdout, width=max(120, Console().width), soft_wrap=False).print(table)


def _run_batch(
    source: str | None,
    input_path: Path,
    output_path: Path | None,
    workers: int,
    lang: str | None,
    glossary: Path | None,
) -> None:
    if source is not None:
        raise _Refused("give either FILE or --input/--output, not both")
    if output_path is None:
        raise _Refused("--input needs --output")
    if not input_path.is_file():
        raise _Refused(f"{input_path}: no such file")
    if workers < 1:
        raise _Refused("--workers must be at least 1")
    from ..batch import run_jsonl  # lazy: the batch engine pulls in process pools

    stats = run_jsonl(
        input_path, output_path, stage="clean", workers=workers, lang=lang, glossary=glossary
    )
    typer.echo(
        f"{stats.written} written, {stats.skipped} skipped, {stats.errors} with errors "
        f"-> {output_path}",
        err=True,
    )


def _use_lm(mode: str | None) -> None:
    """Run the cleanup's language-model check in ``mode`` for this process and the batch workers
    it starts (they inherit the environment): the option overrides ``MTBRIEF_CLEANUP_LM``."""
    if mode is None:
        return
    from ..cleanup.repairs.lm_check import MODES
    from ..config import get_settings

    if mode not in MODES:
        raise _Refused(f"--lm must be one of {', '.join(MODES)}, not {mode!r}")
    os.environ["MTBRIEF_CLEANUP_LM"] = mode
    get_settings.cache_clear()  # the pipeline reads the mode when it is built, after this


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to ``app``."""

    @app.command("clean")
    def clean_command(
        source: Annotated[
            str | None,
            typer.Argument(
                metavar="FILE|-", help="Article to clean; '-' reads stdin.", show_default=False
            ),
        ] = None,
        explain: Annotated[
            bool, typer.Option("--explain", help="After the text, list every edit in a table.")
        ] = False,
        output_format: Annotated[
            str, typer.Option("--format", "-f", help="'text' or 'json' (the full result).")
        ] = "text",
        html: Annotated[
            bool | None,
            typer.Option(
                "--html/--text",
                help="Treat the input as an HTML page (default: by the file's suffix, .html/.htm).",
                show_default=False,
            ),
        ] = None,
        lang: Annotated[
            str | None, typer.Option("--lang", help="ISO 639-1 language code; skips detection.")
        ] = None,
        glossary: Annotated[
            Path | None, typer.Option("--glossary", help="Glossary file with extra term mappings.")
        ] = None,
        input_path: Annotated[
            Path | None, typer.Option("--input", help="Batch: JSONL of {id, text, lang?} records.")
        ] = None,
        output_path: Annotated[
            Path | None,
            typer.Option(
                "--output", help="Batch: JSONL to write (re-runs skip ids already there)."
            ),
        ] = None,
        workers: Annotated[int, typer.Option("--workers", help="Batch: processes.")] = 1,
        lm: Annotated[
            str | None,
            typer.Option(
                "--lm",
                help="Language-model check of link capitals and full stops (English; full "
                "stops only in Spanish, French, Portuguese and German; Russian full stops and "
                "capitals of words that never open a name): 'auto' "
                "(where a rule found link damage or a probed full stop is damage; the default), "
                "'always' or 'off' (rules only, about 10x the articles/s of 'auto' in "
                "benchmarks/cleanup_throughput.py). "
                "Overrides MTBRIEF_CLEANUP_LM.",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Repair machine-translation artifacts in an article and explain every edit."""
        try:
            if output_format not in ("text", "json"):
                raise _Refused(f"--format must be 'text' or 'json', not {output_format!r}")
            if glossary is not None and not glossary.is_file():
                raise _Refused(f"glossary {glossary}: no such file")
            if lang is not None:
                lang = lang.strip().lower() or None
            _use_lm(lm)
            if input_path is not None or output_path is not None:
                if input_path is None:
                    raise _Refused("--output needs --input")
                _run_batch(source, input_path, output_path, workers, lang, glossary)
                return
            if source is None:
                raise _Refused("give a FILE to clean, '-' for stdin, or --input/--output")
            result = _clean_one(source, html, lang, glossary)
        except _Refused as exc:
            raise _fail(str(exc)) from None
        except MtbriefError as exc:
            raise _fail(str(exc)) from None
        if output_format == "json":
            typer.echo(result.model_dump_json(indent=2))
            return
        out = typer.get_text_stream("stdout")
        out.write(result.text)
        if explain or (not result.text.endswith("\n") and out.isatty()):
            out.write("\n")
        out.flush()
        if explain:
            _explain(result)


def _clean_one(source: str, html: bool | None, lang: str | None, glossary: Path | None) -> object:
    from ..config import get_settings
    from ..ingest.decode import ensure_text

    as_html = html if html is not None else Path(source).suffix.lower() in HTML_SUFFIXES
    if as_html:
        from ..ingest.html import clean_html, html_byte_limit

        return clean_html(_read(source, html_byte_limit()), lang=lang, glossary=glossary)
    from ..cleanup.pipeline import clean

    what = "stdin" if source == "-" else source
    data = _read(source, get_settings().max_input_bytes)
    return clean(ensure_text(data, what=what), lang=lang, glossary=glossary)
