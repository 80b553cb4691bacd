"""`mtbrief batch IN OUT --stage clean|brief`: many articles, resumable, on all cores or on Ray.

A thin wrapper over :func:`mtbrief.batch.run`; it must never process records itself.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import MtbriefError

_err = Console(stderr=True, soft_wrap=True)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def batch(
    input: Annotated[
        str,
        typer.Argument(
            help="JSONL of {id, text, lang?}, a folder of .txt/.html files, a Parquet file, or '-' "
            "for JSONL on stdin."
        ),
    ],
    output: Annotated[
        str,
        typer.Argument(
            help="Output JSONL (resumed if it exists), or '-' for stdout (not resumable)."
        ),
    ],
    stage: Annotated[str, typer.Option(help="'clean' or 'brief'.")] = "clean",
    workers: Annotated[
        int,
        typer.Option(help="Worker processes (Ray: actors); 0 = every core for clean, 1 for brief."),
    ] = 0,
    batch_size: Annotated[
        int,
        typer.Option(
            help="Records per chunk sent to a worker (briefs: one brief_many call per chunk)."
        ),
    ] = 16,
    engine: Annotated[
        str, typer.Option(help="'local' or 'ray' (pip install 'mtbrief\\[ray]').")
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(
            help="Existing Ray cluster, e.g. 'ray://head:10001' or 'auto'; default: start a local "
            "one."
        ),
    ] = None,
    errors: Annotated[
        Path | None,
        typer.Option(help="Also write failed records' ids and reasons to this JSONL file."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(help="Language of records without a 'lang' field (default: detect)."),
    ] = None,
    glossary: Annotated[Path | None, typer.Option(help="Extra glossary file.")] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(help="Largest accepted text in bytes (default: MTBRIEF_MAX_INPUT_BYTES)."),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Brief model ('default', 'small', path).")
    ] = None,
    target_lang: Annotated[str | None, typer.Option(help="Brief language.")] = None,
    max_words: Annotated[int | None, typer.Option(help="Brief length limit in words.")] = None,
    max_sentences: Annotated[int | None, typer.Option(help="Brief length in sentences.")] = None,
    generation_batch: Annotated[
        int | None,
        typer.Option(help="Briefs generated together (default: the chunk on a GPU, 1 on a CPU)."),
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show the progress bar on stderr.")] = True,
) -> None:
    """Clean or brief many articles; re-run the same command to resume after a stop."""
    from ..batch import run

    brief_options: dict[str, Any] = {
        k: v
        for k, v in {
            "model": model,
            "target_lang": target_lang,
            "max_words": max_words,
            "max_sentences": max_sentences,
        }.items()
        if v is not None
    }
    if brief_options and stage != "brief":
        raise typer.BadParameter(
            "--model/--target-lang/--max-words/--max-sentences need --stage brief"
        )
    previous = signal.signal(signal.SIGTERM, _stop)  # `kill`, `docker stop`: stop like Ctrl-C
    try:
        stats = run(
            input,
            output,
            stage=stage,
            workers=workers or None,
            batch_size=batch_size,
            engine=engine,
            ray_address=ray_address,
            lang=lang,
            glossary=str(glossary) if glossary else None,
            errors_path=errors,
            progress=progress and sys.stderr.isatty(),
            max_bytes=max_bytes,
            generation_batch=generation_batch,
            **brief_options,
        )
    except KeyboardInterrupt:
        _err.print(
            "[yellow]interrupted[/]: the output written so far is complete; run the same "
            "command again to resume"
        )
        raise typer.Exit(130) from None
    except (MtbriefError, ValueError, FileNotFoundError, ImportError) as exc:
        _err.print(f"[red]error[/]: {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    rate = f"{stats.docs_per_s:,.1f} docs/s"
    where = f"; errors in {escape(str(errors))}" if errors and stats.errors else ""
    _err.print(
        f"{stats.stage}: {stats.written:,} written ({stats.errors:,} with errors, "
        f"{stats.duplicates:,} duplicate ids), {stats.skipped:,} already done, "
        f"{stats.elapsed_s:.1f} s, {rate} \\[{stats.engine} x{stats.workers}]{where}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to ``app``."""
    app.command("batch")(batch)
