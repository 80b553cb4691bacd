"""The ``mtbrief`` command: ``clean``, ``brief``, ``batch``, ``eval``, ``serve``, ``models``."""

from __future__ import annotations

import typer

from . import batch, brief, clean, evaluate, models, serve

app = typer.Typer(
    name="mtbrief",
    help="Clean machine-translated news, explain every edit, and write a faithful brief.",
    no_args_is_help=True,
    add_completion=False,
)

for module in (clean, brief, batch, evaluate, serve, models):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
