"""`mtbrief eval SUITE`: run an evaluation suite, write the report, exit non-zero on a miss.

Exit codes: 0 every threshold met and no regression; 1 a threshold missed, a task crashed or a
metric regressed beyond the tolerance against ``--baseline``; 2 the suite itself is unusable.
This command only reads the suite's data and writes into ``--output``.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command to ``app``."""

    @app.command("eval")
    def eval_command(
        suite: Annotated[Path, typer.Argument(help="Suite file, e.g. evaluation/smoke.toml.",
                                              exists=True, dir_okay=False)],
        output: Annotated[Path | None, typer.Option(
            "--output", "-o",
            help="Folder for report.json, report.md and plots (default: reports/SUITE-NAME).",
        )] = None,
        baseline: Annotated[Path | None, typer.Option(
            "--baseline", exists=True, dir_okay=False,
            help="An earlier report.json to compare against.",
        )] = None,
        tolerance: Annotated[float, typer.Option(
            "--tolerance",
            help="Largest accepted drop of a metric vs the baseline (absolute, in the metric's "
                 "unit: 0.02 = 2 ROUGE points or 2 % of a rate).",
        )] = 0.02,
        disable: Annotated[list[str] | None, typer.Option(
            "--disable",
            help="Switch off a cleanup repair (repeatable; also MTBRIEF_EVAL_DISABLE=a,b).",
        )] = None,
        prompts_dir: Annotated[Path | None, typer.Option(
            "--prompts-dir", exists=True, file_okay=False,
            help="Prompt templates folder for brief tasks (sets MTBRIEF_PROMPTS_DIR).",
        )] = None,
        model: Annotated[str | None, typer.Option(
            "--model", help="Model for brief tasks (e.g. small).")] = None,
        limit: Annotated[int | None, typer.Option(
            "--limit", min=1, help="At most this many documents per task (a quick look).")] = None,
        only: Annotated[list[str] | None, typer.Option(
            "--only", help="Run only this task of the suite (repeatable).")] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
    ) -> None:
        """Run an evaluation suite (TOML) and fail when a threshold or the baseline is missed."""
        from ..evaluation import report as rep
        from ..evaluation.suite import RunOptions, SuiteError, compare, load_suite, run_suite

        try:
            name = load_suite(suite).get("name", suite.stem)
        except SuiteError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from None
        out = output or Path("reports") / str(name)
        opts = RunOptions(disable=list(disable or []), prompts_dir=prompts_dir, model=model,
                          limit=limit, only=list(only or []))

        def progress(msg: str) -> None:
            if not quiet:
                typer.echo(msg if msg.startswith(" ") else f"running {msg} ...", err=True)

        try:
            result = run_suite(suite, out, opts, progress=progress)
        except (SuiteError, ValueError) as e:  # ValueError: an unknown repair name
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from None
        if baseline is not None:
            try:
                base = json.loads(baseline.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as e:
                typer.echo(f"error: cannot read baseline {baseline}: {e}", err=True)
                raise typer.Exit(2) from None
            result.regressions = compare(result, base, tolerance)
            result.baseline, result.tolerance = str(baseline), tolerance
        args = sys.argv[2:] if len(sys.argv) > 2 and sys.argv[1] == "eval" else [str(suite)]
        files = rep.write(result, out, command="mtbrief eval " + shlex.join(args))
        if not quiet:
            rep.print_summary(result)
        typer.echo(f"report: {files['md']} ({'passed' if result.passed else 'FAILED'})",
                   err=True)
        raise typer.Exit(0 if result.passed else 1)
