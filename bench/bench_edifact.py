"""CUSCAR throughput: our tokenizer and reader against pydifact's parser, on the same bytes.

``run(lines)`` writes a CUSCAR of ``lines`` consignments with our writer, then times:
our tokenizer alone, our reader with a builder that only collects rows (tokenizer and
message mapping), our reader end to end (with validation), and pydifact's own parser. pydifact
is timed on a slice of the file when the file is large, because at its speed a million
consignments would take many minutes; its rate is what we compare. Then the columnar paths,
each in a fresh process: one process, and the interchange sliced at CNI groups over worker
processes (``portcontrol.core.parallel.validate_cuscar``), with processor seconds and peak
memory of each.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import tracemalloc
import warnings
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from portcontrol.core.errors import Place
from portcontrol.core.formats.edifact import read_cuscar, write_cuscar
from portcontrol.core.formats.edifact.cuscar import CuscarReader
from portcontrol.core.formats.edifact.reading import read_messages
from portcontrol.core.formats.edifact.tokenizer import ServiceCharacters, Tokenizer
from portcontrol.core.manifest import Fields, ManifestBuilder
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

# pydifact is measured on at most this many consignments (about 15 segments each).
PYDIFACT_SAMPLE = 5_000
_HS_CODES = ("291524", "293941", "284161", "870323", "240220", "930190", "847130", "620342")


def _container_number(serial: int) -> str:
    """A valid ISO 6346 number of owner PCUU (check digit computed)."""
    code = f"PCUU{serial % 1_000_000:06d}"
    values = {
        chr(ord("A") + i): v
        for i, v in enumerate(
            [
                10,
                12,
                13,
                14,
                15,
                16,
                17,
                18,
                19,
                20,
                21,
                23,
                24,
                25,
                26,
                27,
                28,
                29,
                30,
                31,
                32,
                34,
                35,
                36,
                37,
                38,
            ]
        )
    }
    total = sum((values[ch] if ch.isalpha() else int(ch)) * 2**i for i, ch in enumerate(code))
    return code + str(total % 11 % 10)


def synthetic_manifest(lines: int) -> Manifest:
    """A ferry voyage with ``lines`` consignments, one document and one container each."""
    voyage = Voyage(
        "KZKUR-AZALA-001",
        TransportMode.FERRY,
        "BERIK",
        "9321483",
        "CASPIAN LINES",
        "KZKUR",
        "AZALA",
    )
    manifest = Manifest(format="cuscar", voyages=[voyage])
    for index in range(1, lines + 1):
        number = f"BL{index:08d}"
        unit = _container_number(index)
        manifest.documents.append(
            TransportDocument(number, voyage.number, loading_port="KZKUR", discharge_port="AZALA")
        )
        manifest.parties.append(
            Party(
                PartyRole.SHIPPER,
                f"ТОО КАСПИЙ ТРЕЙД {index % 997}",
                number,
                "УЛ. АБАЯ 1, АКТАУ",
                "KZ",
            )
        )
        manifest.parties.append(
            Party(
                PartyRole.CONSIGNEE,
                f"AZ LOGISTICS {index % 991} MMC",
                number,
                "NEFTCHILAR 12, BAKU",
                "AZ",
            )
        )
        manifest.consignments.append(
            Consignment(
                number,
                1,
                _HS_CODES[index % len(_HS_CODES)],
                "GENERAL CARGO",
                10 + index % 90,
                "CT",
                Decimal(1000 + index % 20000),
                None,
                Decimal(5000 + index % 70000),
                "USD",
                "KZ",
                [unit],
            )
        )
        manifest.cargo_units.append(
            CargoUnit(
                unit,
                voyage.number,
                size_type="22G1",
                seals=[f"S{index:07d}"],
                gross_weight_kg=Decimal(3000 + index % 20000),
            )
        )
    return manifest


class _CollectingBuilder(ManifestBuilder):
    """Counts rows without validating them: isolates tokenizer and message mapping."""

    def __init__(self, format: str) -> None:
        super().__init__(format)
        self.rows = 0

    def add_voyage(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        self.rows += 1

    def add_consignment_row(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        self.rows += 1

    def add_cargo_unit_row(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        self.rows += 1


def _timed(action: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def _pydifact_seconds(text: str) -> tuple[int, float]:
    """Segments parsed by pydifact's Parser and the time it took."""
    from pydifact.parser import Parser

    def parse() -> int:
        # pydifact warns once per service segment that it has no XML directory for it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return sum(1 for _ in Parser().parse(text))

    return _timed(parse)


def _slice(text: str, consignments: int) -> str:
    """The head of a written CUSCAR: header and the first ``consignments`` CNI groups."""
    position = 0
    for _ in range(consignments + 1):
        found = text.find("CNI+", position + 1)
        if found < 0:
            return text
        position = found
    return text[:position]


def run(lines: int) -> dict[str, Any]:
    """Figures for a CUSCAR of ``lines`` consignments: rates per second, sizes, memory."""
    with open("/proc/loadavg") as stream:
        load_at_start = stream.read().split()[0]
    data, write_seconds = _timed(lambda: write_cuscar(synthetic_manifest(lines)))
    text = data.decode("utf-8")
    segments, tokenize_seconds = _timed(
        lambda: sum(1 for _ in Tokenizer(text, ServiceCharacters(), 9))
    )
    builder = _CollectingBuilder("cuscar")
    _, mapping_seconds = _timed(lambda: read_messages(data, "CUSCAR", builder, CuscarReader))
    # Memory of reading alone (no records kept): tokenizer and mapping stream over the bytes.
    tracemalloc.start()
    read_messages(data, "CUSCAR", _CollectingBuilder("cuscar"), CuscarReader)
    reader_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    manifest, full_seconds = _timed(lambda: read_cuscar(data))
    sample_lines = min(lines, PYDIFACT_SAMPLE)
    pydifact_segments, pydifact_seconds = _pydifact_seconds(_slice(text, sample_lines))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1 << 20) if sys.platform == "darwin" else peak / 1024
    figures = {
        "consignments": lines,
        "segments": segments,
        "megabytes": round(len(data) / 1e6, 1),
        "write_seconds": round(write_seconds, 2),
        "tokenizer_segments_per_s": round(segments / tokenize_seconds),
        "reader_consignments_per_s": round(lines / mapping_seconds),
        "reader_validated_consignments_per_s": round(lines / full_seconds),
        "consignments_read": len(manifest.consignments),
        "pydifact_sample_consignments": sample_lines,
        "pydifact_segments_per_s": round(pydifact_segments / pydifact_seconds),
        "pydifact_consignments_per_s": round(sample_lines / pydifact_seconds),
        "reader_streaming_peak_mb": round(reader_peak / 1e6, 1),
        "process_peak_memory_mb": round(peak_mb),
    }
    figures["load_average_at_start"] = load_at_start
    figures.update(run_columnar(data, lines))
    return figures


# --- columnar validation of CUSCAR rows ---------------------------------------------------------


def _complete(batches: Any) -> tuple[int, int, int]:
    """Goods items, cargo units and rejected items of a stream of validated batches."""
    goods = units = rejected = 0
    for batch in batches:
        goods += batch.goods.height
        units += batch.cargo_units.height
        rejected += batch.rejected.height
    return goods, units, rejected


def _measure_columnar(path: str, name: str) -> dict[str, Any]:
    """In a fresh process: one path over the file; its time, processor time and memory."""
    from portcontrol.core.columnar.edifact import read_cuscar_batches
    from portcontrol.core.parallel import default_workers, validate_cuscar

    try:
        from bench.bench_tabular import WorkerPeaks, own_peak_mb
    except ImportError:  # run as a script, from the bench folder
        from bench_tabular import WorkerPeaks, own_peak_mb  # type: ignore[no-redef]

    with open(path, "rb") as stream:
        data = stream.read()
    workers = default_workers() if name == "parallel" else 0
    make = validate_cuscar if workers else read_cuscar_batches
    before = resource.getrusage(resource.RUSAGE_SELF)
    with WorkerPeaks() as peaks:
        (goods, units, rejected), seconds = _timed(lambda: _complete(make(data)))
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (
        own.ru_utime
        + own.ru_stime
        - before.ru_utime
        - before.ru_stime
        + children.ru_utime
        + children.ru_stime
    )
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "counts": f"{goods} / {units} / {rejected}",
        "workers": workers,
        "peak_mb": own_peak_mb(),
        "worker_peak_mb": peaks.peak,
    }


def run_columnar(data: bytes, lines: int) -> dict[str, Any]:
    """CUSCAR read by our reader, every row (goods items, cargo units, voyages) validated
    column-wise: in one process, then sliced at CNI groups over worker processes that each
    read and validate their slices (the parent walks the envelope).

    Both are complete: the batches hold what ``read_cuscar`` gives (tests check it), cut at
    CNI group boundaries. Each runs in a fresh process, so its peak memory is its own; CPU
    seconds count the process and its workers.
    """
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cuscar.edi"
        path.write_bytes(data)
        for name in ("columnar", "parallel"):
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                found = pool.submit(_measure_columnar, os.fspath(path), name).result()
            figures[f"{name}_validated_consignments_per_s"] = round(lines / found["seconds"])
            figures[f"{name}_cpu_seconds_per_100k"] = round(
                found["cpu_seconds"] * 100_000 / lines, 2
            )
            figures[f"{name}_goods_units_rejected"] = found["counts"]
            if name == "columnar":
                figures["columnar_peak_memory_mb"] = round(found["peak_mb"])
            else:
                workers = found["workers"]
                figures["parallel_processes"] = 1 + workers
                figures["parallel_parent_peak_mb"] = round(found["peak_mb"])
                figures["worker_peak_memory_mb"] = round(found["worker_peak_mb"])
                # An upper bound: pages the processes share are counted in each.
                figures["parallel_total_peak_mb"] = round(
                    found["peak_mb"] + workers * found["worker_peak_mb"]
                )
    with open("/proc/loadavg") as stream:
        figures["load_average"] = stream.read().split()[0]
    return figures


if __name__ == "__main__":
    for key, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000).items():
        print(f"{key:40} {value}")
