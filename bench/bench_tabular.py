"""CSV manifests: parse and validate N consignment lines streaming, in lines/s and peak memory.

Steps:

1. write a CSV of N goods-item lines with the product's own writer, in chunks of 10,000 so the
   writing costs no memory (three goods items per bill of lading, one container per bill,
   300 bills per ferry voyage, HS codes and Cyrillic party names of the Caspian traffic);
2. in a fresh child process, time the bare CSV parse (rows mapped to fields, no validation),
   then the streaming read with validation (``read_csv_batches``, batches of 10,000 dropped
   as soon as counted, as the database import stores and drops them);
3. report lines/s of both and the child's peak resident memory;
4. in another fresh child, the columnar path: Polars parse and column-wise validation
   (``portcontrol.core.columnar``), batches of 50,000 rows, lines/s and peak memory;
5. in another fresh child, the same columnar validation in two worker processes
   (``portcontrol.core.parallel``, batches of 25,000 rows: the parent cuts the file into
   blocks, each worker reads, parses and validates its blocks): lines/s, peak memory of the
   parent and of the largest worker and their sum with two workers (an upper bound: pages
   the processes share are counted in each), and the processor seconds of all of them.

Other work on the machine slows the wall clock but hardly the processor seconds: both are
printed, with the load average before and after.
"""

from __future__ import annotations

import glob
import os
import resource
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

from portcontrol.core.records import (
    CargoUnit,
    Consignment,
    Manifest,
    Party,
    PartyRole,
    TransportDocument,
    TransportMode,
    Voyage,
)

CHUNK = 10_000
# Rows per columnar batch: a batch is validated as one builder, so bigger batches merge more.
COLUMNAR_BATCH = 50_000
ITEMS_PER_DOCUMENT = 3
DOCUMENTS_PER_VOYAGE = 300
ROUTES = (("KZKUR", "AZALA"), ("KZAAU", "AZBAK"), ("TMKRW", "AZALA"), ("AZALA", "KZKUR"))
GOODS = (
    ("100199", "Wheat, other than durum", "BG"),
    ("720839", "Flat-rolled iron, hot-rolled, in coils", "CO"),
    ("271019", "Gas oil", "DR"),
    ("870421", "Lorries, diesel, g.v.w. not exceeding 5 t", "UN"),
    ("291524", "Acetic anhydride", "DR"),
    ("240220", "Cigarettes containing tobacco", "CT"),
    ("080810", "Apples, fresh", "BX"),
    ("392690", "Articles of plastics", "CT"),
)
SHIPPERS = ("ТОО «Каспий Логистик»", "Kaspiy Logistik LLP", "ТОО Арман Транс", "Arman Trans LLP")
CONSIGNEES = ("Bakı Tranzit MMC", "ООО «Баку Транзит»", "Azer Import LLC", "Азер Импорт")
OWNER_CODES = ("MSCU", "TGHU", "CAIU", "SEGU")


def check_digit(code: str) -> str:
    """The ISO 6346 check digit of a ten-character owner code and serial number."""
    values = {}
    number = 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if number % 11 == 0:
            number += 1
        values[letter] = number
        number += 1
    total = sum(
        (values[character] if character.isalpha() else int(character)) * 2**position
        for position, character in enumerate(code)
    )
    return str(total % 11 % 10)


def chunk_manifest(start: int, count: int) -> Manifest:
    """Records for goods items ``start`` .. ``start + count``, built directly (no validation)."""
    manifest = Manifest(format="csv")
    first_document = start // ITEMS_PER_DOCUMENT
    last_document = (start + count - 1) // ITEMS_PER_DOCUMENT
    departure = datetime(2024, 5, 1, 8, tzinfo=UTC)
    voyages: set[int] = set()
    for number in range(first_document, last_document + 1):
        voyage_index = number // DOCUMENTS_PER_VOYAGE
        origin, destination = ROUTES[voyage_index % len(ROUTES)]
        voyage_number = f"{origin}-{destination}-{voyage_index:06d}"
        if voyage_index not in voyages:
            voyages.add(voyage_index)
            leaves = departure + timedelta(hours=6 * voyage_index)
            manifest.voyages.append(
                Voyage(
                    voyage_number,
                    TransportMode.FERRY,
                    vessel_name="Professor Gul",
                    imo="9321483",
                    departure_port=origin,
                    arrival_port=destination,
                    departure_time=leaves,
                    arrival_time=leaves + timedelta(hours=20),
                )
            )
        document = f"MBL{number:09d}"
        manifest.documents.append(
            TransportDocument(
                document, voyage_number, loading_port=origin, discharge_port=destination
            )
        )
        manifest.parties.append(
            Party(PartyRole.SHIPPER, SHIPPERS[number % len(SHIPPERS)], document, country="KZ")
        )
        manifest.parties.append(
            Party(PartyRole.CONSIGNEE, CONSIGNEES[number % len(CONSIGNEES)], document, country="AZ")
        )
        serial = f"{OWNER_CODES[number % len(OWNER_CODES)]}{number % 1_000_000:06d}"
        container = serial + check_digit(serial)
        manifest.cargo_units.append(
            CargoUnit(container, voyage_number, size_type="45G1", seals=[f"KZ{number:08d}"])
        )
    for line in range(start, start + count):
        hs_code, description, package_type = GOODS[line % len(GOODS)]
        document_index = line // ITEMS_PER_DOCUMENT
        unit = manifest.cargo_units[document_index - first_document]
        manifest.consignments.append(
            Consignment(
                f"MBL{document_index:09d}",
                line % ITEMS_PER_DOCUMENT + 1,
                hs_code,
                description,
                packages=10 + line % 90,
                package_type=package_type,
                gross_weight_kg=Decimal(1000 + line % 20_000) / 4,
                value=Decimal(5000 + line % 70_000),
                currency="USD",
                origin_country="KZ",
                cargo_unit_ids=[unit.identifier],
            )
        )
    return manifest


def write_file(path: Path, lines: int) -> int:
    """Write ``lines`` goods-item lines to a CSV file with the product's writer; its size."""
    from portcontrol.core.formats import write_csv

    with path.open("wb") as out:
        for start in range(0, lines, CHUNK):
            chunk = chunk_manifest(start, min(CHUNK, lines - start))
            out.write(write_csv(chunk, header=start == 0))
    return path.stat().st_size


def measure(path: str) -> dict[str, float | int]:
    """In the child: time the bare parse, then parse with validation; report peak memory."""
    from portcontrol.core.formats import iter_csv_rows, read_csv_batches

    started = time.perf_counter()
    with open(path, "rb") as stream:
        parsed = sum(1 for _ in iter_csv_rows(stream))
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    kept = rejected = warnings = 0
    with open(path, "rb") as stream:
        for batch in read_csv_batches(stream, batch_size=CHUNK):
            kept += len(batch.consignments)
            rejected += len(batch.rejected)
            warnings += len(batch.warnings())
    validate_seconds = time.perf_counter() - started
    return {
        "parsed": parsed,
        "parse_seconds": round(parse_seconds, 2),
        "kept": kept,
        "rejected": rejected,
        "warnings": warnings,
        "validate_seconds": round(validate_seconds, 2),
        "peak_memory_mb": round(own_peak_mb(), 1),
    }


def measure_columnar(path: str) -> dict[str, float | int]:
    """In the child: parse with Polars and validate column-wise, streaming; peak memory."""
    from portcontrol.core.columnar import ConsignmentValidator, read_csv_frames

    started = time.perf_counter()
    kept = rejected = warnings = 0
    validator = ConsignmentValidator()
    for frame, issues in read_csv_frames(path, batch_size=COLUMNAR_BATCH):
        batch = validator.validate(frame, issues)
        kept += batch.goods.height
        rejected += batch.rejected.height
        warnings += batch.warnings().height + len(batch.file_issues)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "kept": kept,
        "rejected": rejected,
        "warnings": warnings,
        "seconds": round(seconds, 2),
        "peak_memory_mb": round(own_peak_mb(), 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
    }


def measure_parallel(path: str) -> dict[str, float | int]:
    """In the child: columnar validation in worker processes, streaming; peak memory."""
    from portcontrol.core.parallel import BATCH_ROWS, default_workers, validate_csv_file

    workers = default_workers()
    started = time.perf_counter()
    kept = rejected = warnings = 0
    with WorkerPeaks() as peaks:
        for batch in validate_csv_file(path, workers=workers):
            kept += batch.goods.height
            rejected += batch.rejected.height
            warnings += batch.warnings().height + len(batch.file_issues)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "workers": workers,
        "batch_rows": BATCH_ROWS,
        "kept": kept,
        "rejected": rejected,
        "warnings": warnings,
        "seconds": round(seconds, 2),
        "parent_peak_mb": round(own_peak_mb(), 1),
        "worker_peak_mb": round(peaks.peak, 1),
        "total_peak_mb": round(own_peak_mb() + workers * peaks.peak, 1),
        "cpu_seconds": round(
            own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 2
        ),
    }


def own_peak_mb() -> float:
    """This process's own peak resident memory, in MB.

    Read from VmHWM: ``ru_maxrss`` of a spawned process starts from the peak of the process
    that spawned it (Linux keeps it across fork and exec), which would count the bench's own
    earlier work against the path measured.
    """
    return _peak_mb(os.getpid()) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mb(pid: int) -> float:
    """The VmHWM of a process in MB; 0 when it cannot be read (gone, or not Linux)."""
    try:
        with open(f"/proc/{pid}/status") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class WorkerPeaks:
    """The largest own peak memory of this process's children (the workers), while in use.

    Sampled every tenth of a second from /proc, since ``RUSAGE_CHILDREN`` would count in each
    worker the memory of this process when it started the worker.
    """

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> WorkerPeaks:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            for path in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
                try:
                    with open(path) as stream:
                        children = [int(pid) for pid in stream.read().split()]
                except OSError:
                    continue
                for pid in children:
                    self.peak = max(self.peak, _peak_mb(pid))
            if self._stop.wait(0.1):
                return


def _load_average() -> str:
    """The one-minute load average (the machine may be shared), or "" where unknown."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return ""


def run(lines: int) -> dict[str, float | int | str]:
    """Write N lines, read them back streaming with validation; lines/s and peak memory."""
    load_at_start = _load_average()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "consignments.csv"
        started = time.perf_counter()
        size = write_file(path, lines)
        write_seconds = time.perf_counter() - started
        # A fresh interpreter: its peak memory is this read alone, not earlier benchmarks.
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            figures = pool.submit(measure, os.fspath(path)).result()
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            columnar = pool.submit(measure_columnar, os.fspath(path)).result()
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            parallel = pool.submit(measure_parallel, os.fspath(path)).result()
    return {
        "lines": lines,
        "file_mb": round(size / 1e6, 1),
        "write_lines_per_s": round(lines / write_seconds),
        "parse_only_lines_per_s": round(figures["parsed"] / figures["parse_seconds"]),
        "parse_and_validate_lines_per_s": round(lines / figures["validate_seconds"]),
        "kept": figures["kept"],
        "rejected": figures["rejected"],
        "warnings": figures["warnings"],
        "peak_memory_mb": figures["peak_memory_mb"],
        "columnar_parse_and_validate_lines_per_s": round(lines / columnar["seconds"]),
        "columnar_kept": columnar["kept"],
        "columnar_rejected": columnar["rejected"],
        "columnar_warnings": columnar["warnings"],
        "columnar_peak_memory_mb": columnar["peak_memory_mb"],
        "parallel_workers": parallel["workers"],
        "parallel_parse_and_validate_lines_per_s": round(lines / parallel["seconds"]),
        "parallel_kept": parallel["kept"],
        "parallel_rejected": parallel["rejected"],
        "parallel_warnings": parallel["warnings"],
        "parallel_parent_peak_mb": parallel["parent_peak_mb"],
        "parallel_worker_peak_mb": parallel["worker_peak_mb"],
        "parallel_total_peak_mb": parallel["total_peak_mb"],
        "parallel_cpu_seconds": parallel["cpu_seconds"],
        "columnar_cpu_seconds": columnar["cpu_seconds"],
        "load_average_at_start": load_at_start,
        "load_average_1min": _load_average(),
        "target": ">= 200,000 lines/s, peak memory < 1024 MB",
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
