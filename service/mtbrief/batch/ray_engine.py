"""The Ray engine: the same records through Ray Data ``map_batches`` on an actor pool.

Each actor runs :func:`mtbrief.batch.records.process_records` - the very code the local engine and
the library run - after warming up once in its constructor (pipeline, lexicons and, for briefs,
the model: one load per actor).  The driver reads the input and writes the output with the same
reader and journal as the local engine, so ``--engine ray`` gives byte-identical, resumable,
input-ordered output; records travel as pickled payloads (they may hold bytes from .html files).
The work is fed to Ray in windows of ``window`` records so a long input never has to sit in the
object store at once.

With no address the engine starts a small local Ray instance (``num_cpus`` = workers, at least 2;
a small object store; no dashboard) and stops it at the end; with an address (``auto``,
``ray://head:10001``) it joins that cluster, whose nodes must have mtbrief installed.

Needs the optional extra ``pip install 'mtbrief[ray]'``.  This module must never write files.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .local import warm_up
from .plan import WorkItem
from .records import StageOptions, StageUnavailableError, process_records

DEFAULT_OBJECT_STORE_BYTES = 128 * 1024 * 1024  # small: CI machines have 2 cores and little RAM
DEFAULT_WINDOW = 20_000


def _require_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise StageUnavailableError(
            "--engine ray needs Ray Data: pip install 'mtbrief[ray]'"
        ) from exc
    return ray


class RecordProcessor:
    """The Ray actor: warms up once, then processes batches of pickled records."""

    def __init__(self, stage: str, options: StageOptions) -> None:
        self.stage, self.options = stage, options
        warm_up(stage, options)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        records = [pickle.loads(p) for p in batch.column("record").to_pylist()]
        outputs = process_records(records, self.stage, self.options)
        return pa.table(
            {
                "seq": batch.column("seq"),
                "output": pa.array([pickle.dumps(o) for o in outputs], type=pa.binary()),
            }
        )


class RayEngine:
    """Process work items with Ray Data on a local Ray instance or an existing cluster."""

    name = "ray"

    def __init__(
        self,
        stage: str,
        options: StageOptions,
        workers: int = 2,
        batch_size: int = 16,
        address: str | None = None,
        window: int = DEFAULT_WINDOW,
        object_store_bytes: int = DEFAULT_OBJECT_STORE_BYTES,
    ) -> None:
        if workers < 1 or batch_size < 1:
            raise ValueError("workers and batch_size must be at least 1")
        self.stage, self.options = stage, options
        self.workers, self.batch_size = workers, batch_size
        self.address, self.window = address, window
        self.object_store_bytes = object_store_bytes
        self._owns_ray = self._held = False
        _require_ray()

    def _start(self) -> bool:
        """Connect to Ray; returns True when this engine started it (and must stop it)."""
        ray = _require_ray()
        if ray.is_initialized():
            self._configure(ray)
            return False
        common: dict[str, Any] = {
            "log_to_driver": False,
            "logging_level": logging.WARNING,
            "include_dashboard": False,
        }
        if self.address:
            ray.init(address=self.address, **common)
        else:
            ray.init(
                address="local",
                num_cpus=max(2, self.workers),
                object_store_memory=self.object_store_bytes,
                **common,
            )
        self._configure(ray)
        return True

    @staticmethod
    def _configure(ray: Any) -> None:
        logging.getLogger("ray.data").setLevel(logging.WARNING)  # our bar reports progress
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True  # fewer results wait in the reorder buffer
        ctx.enable_progress_bars = False

    # -- keep Ray up across runs (benchmarks, services) --------------------------------------
    def __enter__(self) -> RayEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Connect to (or start) Ray now instead of at the first run."""
        self._owns_ray = self._start() or self._owns_ray
        self._held = True

    def close(self) -> None:
        if self._owns_ray:
            _require_ray().shutdown()
        self._owns_ray = self._held = False

    def process(self, items: Iterable[WorkItem]) -> Iterator[list[WorkItem]]:
        """Yield chunks of items with ``output`` set, in input order."""
        ray = _require_ray()
        started = False if self._held else self._start()
        try:
            iterator = iter(items)
            while window := list(islice(iterator, self.window)):
                yield from self._window(ray, window)
        finally:
            if started:
                ray.shutdown()

    def _window(self, ray: Any, window: list[WorkItem]) -> Iterator[list[WorkItem]]:
        todo = [it for it in window if it.output is None]
        results: dict[int, dict[str, Any]] = {}
        pos = 0

        def ready_prefix() -> list[WorkItem]:
            nonlocal pos
            start = pos
            while pos < len(window):
                item = window[pos]
                if item.output is None:
                    if item.seq not in results:
                        break
                    item.output = results.pop(item.seq)
                pos += 1
            return window[start:pos]

        if todo:
            ds = ray.data.from_items(
                [{"seq": it.seq, "record": pickle.dumps(it.entry.record)} for it in todo],
                override_num_blocks=max(1, min(-(-len(todo) // self.batch_size), 4 * self.workers)),
            )
            mapped = ds.map_batches(
                RecordProcessor,
                fn_constructor_kwargs={"stage": self.stage, "options": self.options},
                batch_size=self.batch_size,
                batch_format="pyarrow",
                compute=ray.data.ActorPoolStrategy(size=self.workers),
                num_cpus=1,
            )
            for batch in mapped.iter_batches(batch_size=None, batch_format="pyarrow"):
                seqs = batch.column("seq").to_pylist()
                outputs = batch.column("output").to_pylist()
                for seq, payload in zip(seqs, outputs, strict=True):
                    results[seq] = pickle.loads(payload)
                chunk = ready_prefix()
                if chunk:
                    yield chunk
        chunk = ready_prefix()
        if chunk:
            yield chunk
        if pos != len(window):
            raise RuntimeError(
                f"Ray returned {pos} of {len(window)} records; nothing after the gap was written"
            )
