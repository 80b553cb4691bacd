"""The batch progress bar (rich): documents done, documents per second, elapsed time and ETA.

Drawn on stderr so that ``mtbrief batch IN - ...`` can stream records to stdout.  This module
must never print anything when progress is disabled.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class DocsPerSecondColumn(ProgressColumn):
    """Throughput over rich's recent-speed window (documents, not bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- docs/s" if speed is None else f"{speed:,.1f} docs/s", style="cyan")


class BatchProgress:
    """``with BatchProgress(total, enabled) as bar: bar.advance(n)``."""

    def __init__(self, total: int | None, enabled: bool = True, label: str = "batch") -> None:
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task = None
        if enabled:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                DocsPerSecondColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                speed_estimate_period=30.0,
            )
            self._task = self._progress.add_task(label, total=total)

    def __enter__(self) -> BatchProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def advance(self, n: int = 1) -> None:
        if self._progress is not None and n:
            self._progress.advance(self._task, n)  # type: ignore[arg-type]

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
