"""``python -m mtbrief.batch IN OUT ...``: the ``mtbrief batch`` command on its own."""

from __future__ import annotations

import typer

from ..cli.batch import register

app = typer.Typer(add_completion=False)
register(app)

if __name__ == "__main__":
    app()
