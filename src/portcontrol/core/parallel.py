"""Large manifests validated by several processes, batches handed back in file order.

The columnar validator treats each batch as one :class:`ManifestBuilder` would, with nothing
shared between batches; so batches can be validated in any process and the results are the
same as one process gives, provided each batch holds the same rows with the same places.

CSV: the parent cuts the file into blocks of whole records (the blocks the sequential reader
makes) and counts the line each block starts on; the workers first check that every block is
plain (what decides, for the whole file, between Polars and the csv module), then each reads
a block from the file, parses and validates it. The parent keeps only a few batches in
flight, so memory stays that of a few batches per process whatever the file's size. Batches
come back as compressed Arrow IPC (:meth:`ValidatedBatch.__reduce__`).

CUSCAR: the interchange is cut into slices of CNI groups (:mod:`portcontrol.core.columnar.
slices`). The parent walks the envelope (counts, references, message headers, control
totals) over the bytes between slices, exactly as :func:`read_cuscar` does; each worker
tokenizes, maps and validates its slices, so reading, the larger part of the work, is
shared between the processors too.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Polars is imported only where it is used: a worker must set its thread count first.
if TYPE_CHECKING:
    import polars as pl

    from portcontrol.core.columnar.batch import ValidatedBatch
    from portcontrol.core.errors import Issue

# Rows per batch: about 300 MB per worker at its peak, so two workers and the parent stay
# well under a gigabyte.
BATCH_ROWS = 25_000
# Batches submitted ahead of the one handed out, per worker: enough to keep workers busy.
_AHEAD = 2

_Header = tuple[str, int, tuple[str, ...], tuple[int, ...]]


def default_workers() -> int:
    """One worker per processor this process may run on, at most two."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        available = os.cpu_count() or 1
    return max(1, min(2, available))


def validate_csv_file(
    source: str | os.PathLike[str],
    *,
    batch_size: int = BATCH_ROWS,
    workers: int | None = None,
    format: str = "csv",
) -> Iterator[ValidatedBatch]:
    """Validated batches of a CSV consignment file, in file order.

    The same batches as :func:`read_csv_frames` with :class:`ConsignmentValidator` give
    (file-level warnings on the last one); with more than one worker the Polars-readable
    blocks are validated in worker processes. Raises ReadError as the sequential reader does.
    """
    from portcontrol.core.columnar.reading import (
        _csv_table_head,
        _empty_frame,
        _module_frames,
        block_plain,
        head_eligible,
        header_plain,
        record_spans,
    )
    from portcontrol.core.columnar.validate import ConsignmentValidator

    path = Path(source)
    table = _csv_table_head(path)
    count = default_workers() if workers is None else workers
    header_is_plain = header_plain(path) if head_eligible(table) else None
    if count <= 1 or header_is_plain is None:
        yield from _sequential(path, batch_size, format)
        return
    header = (
        table.delimiter,
        table.header.width,
        table.header.fields,
        tuple(table.header.positions),
    )
    validator = ConsignmentValidator(format)
    context = get_context("spawn")
    with ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker) as pool:

        def submit(span: tuple[int, int, int]) -> Future[tuple[ValidatedBatch, int] | None]:
            return pool.submit(_validate_span, str(path), span, header, format)

        # 1. The file is cut into blocks; the workers check each block is plain (they are
        #    queued first) and start on the first blocks. Nothing is handed out before the
        #    whole file is known to be plain, as the sequential reader decides before its
        #    first batch.
        in_flight: deque[Future[tuple[ValidatedBatch, int] | None]] = deque()
        waiting: deque[tuple[int, int, int]] = deque()
        checks: list[Future[bool]] = []
        for span in record_spans(path, batch_size):
            checks.append(pool.submit(block_plain, path, span[0], span[1]))
            if len(in_flight) < count * _AHEAD:
                in_flight.append(submit(span))
            else:
                waiting.append(span)
        if not (header_is_plain and all(check.result() for check in checks)):
            for future in in_flight:
                future.cancel()
            for frame, issues in _module_frames(path, batch_size):
                yield validator.validate(frame, issues)
            return
        # 2. Batches in file order, a few blocks ahead in the workers.
        # A batch is handed out once the next block parsed, as the sequential reader does.
        held: ValidatedBatch | None = None
        handed = held_rows = 0
        while in_flight:
            result = in_flight.popleft().result()
            if waiting:
                in_flight.append(submit(waiting.popleft()))
            if result is None:
                # Polars refused a block: the csv-module reader goes on, as sequentially.
                for future in in_flight:
                    future.cancel()
                for frame, issues in _module_frames(path, batch_size, handed):
                    yield validator.validate(frame, issues)
                return
            if held is not None:
                yield held
                handed += held_rows
            held, held_rows = result
        if held is None:
            held = validator.validate(_empty_frame(table.header.fields))
        held.file_issues = list(table.issues)
        yield held


def _sequential(path: Path, batch_size: int, format: str) -> Iterator[ValidatedBatch]:
    """The batches of one process."""
    from portcontrol.core.columnar.reading import read_csv_frames
    from portcontrol.core.columnar.validate import ConsignmentValidator

    validator = ConsignmentValidator(format)
    for frame, issues in read_csv_frames(path, batch_size=batch_size):
        yield validator.validate(frame, issues)


def _start_worker() -> None:
    """A worker's Polars uses one thread: the processes themselves fill the processors.

    Polars reads the setting when it is first imported, so this module imports it lazily.
    """
    os.environ.setdefault("POLARS_MAX_THREADS", "1")


def _warm_up() -> None:
    """In a worker: import the validator and load the reference tables it looks values up in."""
    from portcontrol.core import validation
    from portcontrol.core.columnar import validate  # noqa: F401 - imported to be ready

    validation.check_locode("KZAKX")
    validation.check_hs_code("100199")
    validation.check_country("KZ")
    validation.check_currency("USD")


def _thread_pool_size() -> int:
    """Threads of a worker's Polars (for tests)."""
    import polars as pl

    return pl.thread_pool_size()


def _validate_span(
    path: str, span: tuple[int, int, int], header: _Header, format: str
) -> tuple[ValidatedBatch, int] | None:
    """In a worker: one block parsed and validated, with its row count; None if Polars fails."""
    import polars as pl

    from portcontrol.core.columnar.reading import BlockParser
    from portcontrol.core.columnar.validate import ConsignmentValidator

    offset, size, first_line = span
    with open(path, "rb") as stream:
        stream.seek(offset)
        block = stream.read(size)
    try:
        frame, _ = BlockParser(*header).parse(block, first_line)
    except pl.exceptions.PolarsError:
        return None
    return ConsignmentValidator(format).validate(frame), frame.height


def validate_cuscar(
    data: bytes,
    *,
    batch_size: int | None = None,
    workers: int | None = None,
) -> Iterator[ValidatedBatch]:
    """Validated batches of a CUSCAR interchange, in file order (see the module docstring).

    The same batches as :func:`~portcontrol.core.columnar.edifact.read_cuscar_batches` gives
    in one process. ``workers`` counts the processes that read slices and validate batches
    (one per processor by default; with none, everything is done in this process). Raises
    ReadError as the per-row reader does.
    """
    from portcontrol.core.columnar.edifact import BATCH_ROWS as CUSCAR_BATCH_ROWS
    from portcontrol.core.columnar.edifact import (
        CuscarRows,
        RawBatch,
        read_ahead,
        read_cuscar_batches,
    )
    from portcontrol.core.columnar.slices import SlicedReading, SliceStart, read_slice

    size = CUSCAR_BATCH_ROWS if batch_size is None else batch_size
    count = default_workers() if workers is None else workers
    if count <= 0:
        yield from read_cuscar_batches(data, batch_size=size)
        return
    context = get_context("spawn")
    with ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker) as pool:

        def produce(emit: Callable[[Future[Any]], None]) -> None:
            """In a thread of this process: walk the envelope, hand out batches and slices."""

            def validate(batch: RawBatch) -> None:
                emit(pool.submit(_validate_cuscar_rows, *batch))

            def delegate(text: bytes, start: SliceStart) -> Future[Any]:
                future = pool.submit(read_slice, text, start)
                emit(future)
                return future

            rows = CuscarRows(size, on_batch=validate)
            SlicedReading(data, rows, delegate=delegate).run()
            rows.cut()

        # Workers start (and load what validation needs) while the envelope is read.
        for _ in range(count):
            pool.submit(_warm_up)
        # Tasks handed out ahead of the one waited for: two per worker keep each one busy.
        for future in read_ahead(produce, ahead=2 * count):
            result = future.result()
            if isinstance(result, tuple):
                yield from result[0]
            else:
                yield result


def _validate_cuscar_rows(frame: pl.DataFrame, issues: list[Issue]) -> ValidatedBatch:
    """In a worker: one batch of CUSCAR rows validated column-wise."""
    from portcontrol.core.columnar.validate import ConsignmentValidator

    return ConsignmentValidator("cuscar").validate(frame, issues)
