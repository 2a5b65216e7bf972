"""`make bench`: run every benchmark and print its figures.

Benchmarks read the shared data beside the checkout where they need it and never assert wall
time; they print what they measured so the figures can go into notes and be compared.
"""

from __future__ import annotations

import importlib
import json
import os
import sys

BENCHMARKS = (
    ("bench.bench_tabular", "CSV parse and validate, streaming", 1_000_000),
    ("bench.bench_edifact", "CUSCAR parse and validate, ours against pydifact", 100_000),
    ("bench.bench_ingest_db", "ingest into the database end to end", 100_000),
    ("bench.bench_profiles", "risk profiles: 200 profiles, Polars against plain Python", 1_000_000),
    ("bench.bench_indicators", "indicator library", 1_000_000),
    ("bench.bench_screening", "watch-list screening, indexed against brute force", 10_000),
    ("bench.bench_assess", "assess end to end: screening, indicators, 200 profiles", 1_000_000),
    ("bench.bench_api", "one consignment assessed through the API at 50 requests/s", 1_000),
    ("bench.bench_messages", "exchange messages: seal and open alerts", 10_000),
    (
        "bench.bench_exchange",
        "exchange: alerts between two loopback nodes, receiver restarted twice",
        10_000,
    ),
    (
        "bench.bench_national_year",
        "a national year in PostgreSQL: queue, task, dashboard and seizure pages",
        1_000_000,
    ),
)


def main() -> int:
    """Run the benchmarks named on the command line, or all of them."""
    os.environ.setdefault("PORTCONTROL_DEBUG", "true")
    wanted = set(sys.argv[1:])
    for module_name, title, lines in BENCHMARKS:
        if wanted and module_name.rsplit(".", 1)[-1] not in wanted:
            continue
        lines = int(os.environ.get("BENCH_LINES", lines))
        print(f"== {title} ({lines:,} lines)", flush=True)
        module = importlib.import_module(module_name)
        figures = module.run(lines)
        print(json.dumps(figures, indent=2, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
