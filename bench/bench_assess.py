"""Assess N consignment lines end to end: lines/s and peak memory of the risk engine.

Steps:

1. generate 60 days of the Caspian scenario and build its frames (about 58,000 consignment
   lines with their cargo units and people): real HS codes, descriptions, routes and party
   names, repeated as traffic repeats them; write them to Parquet;
2. in a fresh child process (so its peak memory is this work alone), stack copies of those
   frames to N lines, each copy as other voyages, with batch-wide line, unit and person ids;
3. build the parts: risk profiles, the indicator context, a screening index over a watch list
   of 100,000 entries (timed apart: done once, not per batch);
4. time ``assess_frames`` over the N lines (screening, indicators, profiles, combination), then
   selection to capacity over the cargo units;
5. report seconds per step, lines/s and the child's peak resident memory.
"""

from __future__ import annotations

import os
import random
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import polars as pl

POOL_DAYS = 60
POOL_SEED = 7
TODAY = date(2025, 6, 1)
FRAME_NAMES = ("consignments", "cargo_units", "persons")
PROFILES = 200
WATCH_LIST_ENTRIES = 100_000


def write_pool(folder: Path) -> int:
    """The scenario frames, as Parquet in ``folder``; returns their consignment line count."""
    from portcontrol.core.risk.engine import frames_of
    from portcontrol.core.scenario import generate_caspian

    scenario = generate_caspian(days=POOL_DAYS, seed=POOL_SEED)
    frames = frames_of(plan.manifest() for plan in scenario.plans)
    for name in FRAME_NAMES:
        getattr(frames, name).write_parquet(folder / f"{name}.parquet")
    return frames.consignments.height


def _copies(frame: pl.DataFrame, id_column: str, count: int) -> pl.DataFrame:
    """``count`` copies of a frame, copy k on voyages suffixed ``-k`` and with ids shifted."""
    size = frame.height
    return pl.concat(
        [
            frame.with_columns(
                pl.col(id_column) + copy * size,
                pl.concat_str(pl.col("voyage_number"), pl.lit(f"-{copy}")).alias("voyage_number"),
            )
            for copy in range(count)
        ],
        how="vertical",
    )


def stacked_frames(folder: Path, lines: int):  # noqa: ANN201 - the engine's Frames
    """N consignment lines stacked from the pool, with the cargo units and persons aboard."""
    from portcontrol.core.risk.engine import Frames

    pool = {name: pl.read_parquet(folder / f"{name}.parquet") for name in FRAME_NAMES}
    count = -(-lines // pool["consignments"].height)
    consignments = _copies(pool["consignments"], "line_id", count).head(lines)
    voyages = consignments["voyage_number"].unique().implode()
    cargo_units = _copies(pool["cargo_units"], "unit_id", count).filter(
        pl.col("voyage_number").is_in(voyages)
    )
    persons = _copies(pool["persons"], "person_id", count).filter(
        pl.col("voyage_number").is_in(voyages)
    )
    return Frames(consignments.rechunk(), cargo_units.rechunk(), persons.rechunk())


def make_profiles(consignments: pl.DataFrame, count: int = PROFILES) -> list:  # noqa: ANN001
    """``count`` profiles of the shapes analysts write, over values the traffic really has."""
    from portcontrol.core.risk.profiles import Profile
    from portcontrol.core.risk.reasons import Lane, Threat

    rng = random.Random(POOL_SEED)
    distinct = {
        name: sorted(consignments[name].drop_nulls().unique().to_list())
        for name in ("hs_code", "departure_country", "consignee_country", "arrival_port")
    }
    words = sorted(
        {
            word
            for text in consignments["description"].drop_nulls().unique().to_list()
            for word in text.lower().split()
            if len(word) > 4 and word.isalpha()
        }
    )
    threats = list(Threat)
    lanes = (Lane.RED, Lane.YELLOW, Lane.YELLOW, Lane.BLUE)

    def criteria(number: int) -> str:
        hs = rng.choice(distinct["hs_code"])
        country = rng.choice(distinct["departure_country"])
        consignee = rng.choice(distinct["consignee_country"])
        port = rng.choice(distinct["arrival_port"])
        shapes = (
            f'hs starts with "{hs[:4]}" and departure_country = "{country}"'
            f" and value_per_kg < {rng.choice((0.5, 1, 2))}",
            f'description contains all ["{rng.choice(words)}", "{rng.choice(words)}"]'
            f" and value_per_kg < {rng.choice((1, 2, 5, 10))}",
            f'route has "{port}" and hs starts with "{hs[:6]}" and packages > 100',
            f'consignee_country = "{consignee}" and hs starts with "{hs[:4]}"'
            f" and gross_weight_kg > {rng.choice((18000, 22000, 25000))}",
            f'hs in ["{hs[:6]}", "{rng.choice(distinct["hs_code"])[:6]}"]'
            f' and origin_country = "{country}" and consignee_country = "{consignee}"',
            f'description contains "{rng.choice(words)}" and packages > {rng.choice((500, 1000))}',
            'party on watchlist "BENCH" and hs starts with "' + hs[:2] + '"',
            f'hs starts with "{hs[:4]}" and (departure_country = "{country}"'
            f' or consignee_country = "{consignee}") and value_per_kg > 50',
        )
        return shapes[number % len(shapes)]

    profiles = [
        Profile(
            f"B-{number:03d}",
            f"Bench profile {number}",
            threats[number % len(threats)],
            criteria(number),
            float(10 + number % 50),
            lanes[number % len(lanes)],
            reason=f"Bench profile {number}",
        )
        for number in range(count)
    ]
    for profile in profiles:
        profile.tree()  # a wrong profile fails here, not in the timed run
    return profiles


def make_watch_index(frames, count: int = WATCH_LIST_ENTRIES):  # noqa: ANN001, ANN201
    """A watch list of ``count`` entries: made-up people and firms, plus some of the traffic's."""
    from bench.bench_screening import make_entries
    from portcontrol.core.risk.engine import PARTY_COLUMNS
    from portcontrol.core.screening.entries import EntryKind, WatchListEntry
    from portcontrol.core.screening.matcher import build_index
    from portcontrol.core.screening.normalise import name_form

    rng = random.Random(POOL_SEED)
    shippers = frames.consignments["shipper_name"].drop_nulls().unique().sort().to_list()
    persons = (
        frames.persons.select("family_name", "given_names", "date_of_birth")
        .unique()
        .sort("family_name", "given_names", "date_of_birth")
        .rows()
    )
    from_traffic = [
        WatchListEntry(f"T{n}", "BENCH", EntryKind.COMPANY, (name,))
        for n, name in enumerate(rng.sample(shippers, min(5, len(shippers))))
    ] + [
        WatchListEntry(
            f"TP{n}",
            "BENCH",
            EntryKind.PERSON,
            (f"{family} {given}",),
            dates_of_birth=(born.isoformat(),) if born else (),
        )
        for n, (family, given, born) in enumerate(rng.sample(persons, min(20, len(persons))))
    ]
    # Made-up firms are drawn from a small stock of brand and trade words, so many carry the
    # exact name of a firm of the traffic; dropping those keeps the traffic's hits to the firms
    # and people listed on purpose above, plus genuine near-misses.
    traffic = {
        frozenset(name_form(name).full_keys)
        for column in PARTY_COLUMNS
        for name in frames.consignments[column].drop_nulls().unique().to_list()
    }
    made = [
        # lists give a date of birth for most people (the UN list nearly always): a namesake
        # born in another year is told apart, as in production
        replace(entry, dates_of_birth=(_birth_day(rng),))
        if entry.kind is EntryKind.PERSON and rng.random() < 0.8
        else entry
        for entry in make_entries(count - len(from_traffic), rng)
        if entry.kind is not EntryKind.COMPANY
        or not any(frozenset(name_form(name).full_keys) in traffic for name in entry.names)
    ]
    return build_index(made + from_traffic)


def _birth_day(rng: random.Random) -> str:
    return date.fromordinal(rng.randrange(712_000, 730_000)).isoformat()


def make_indicator_context(folder: Path):  # noqa: ANN201 - IndicatorContext
    """Norms and known parties learned from the pool as history, three places marked."""
    from portcontrol.core.risk.indicators import (
        HighRiskPlace,
        IndicatorContext,
        UnitValueNorms,
        known_parties_from,
    )

    history = pl.read_parquet(folder / "consignments.parquet")
    # parties of the first half are known: those only in the second half are "first seen"
    earlier = history.head(history.height // 2)
    return IndicatorContext(
        unit_value_norms=UnitValueNorms.fit(history),
        known_parties=known_parties_from(earlier),
        high_risk_places=(
            HighRiskPlace("AF", "Afghan opiates and precursors route"),
            HighRiskPlace("IRBND", "Transhipment point of earlier seizures"),
            HighRiskPlace("GEPTI", "Poti: cocaine in fruit containers seized before"),
        ),
    )


def measure(folder: str, lines: int) -> dict[str, object]:
    """In the child: stack the frames, assess them, select; seconds and peak memory."""
    from portcontrol.core.risk.engine import assess_frames
    from portcontrol.core.risk.reasons import Lane
    from portcontrol.core.risk.selection import Capacity, select

    started = time.perf_counter()
    frames = stacked_frames(Path(folder), lines)
    build_seconds = time.perf_counter() - started

    started = time.perf_counter()
    parts = {
        "profiles": make_profiles(frames.consignments),
        "watch_index": make_watch_index(frames),
        "indicator_context": make_indicator_context(Path(folder)),
    }
    setup_seconds = time.perf_counter() - started

    started = time.perf_counter()
    result = assess_frames(frames, today=TODAY, **parts)
    assess_seconds = time.perf_counter() - started

    started = time.perf_counter()
    chosen = select(
        result.cargo_units,
        Capacity({Lane.RED: 20, Lane.YELLOW: 40}),
        random_share=0.1,
        seed=1,
        day=TODAY,
    )
    select_seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lanes = dict(result.consignments.group_by("lane").len().rows())
    hits = dict(result.hits.group_by("kind").len().rows())
    return {
        "lines": frames.consignments.height,
        "cargo_units": frames.cargo_units.height,
        "persons": frames.persons.height,
        "hits": hits,
        "build_frames_seconds": round(build_seconds, 2),
        "setup_seconds": round(setup_seconds, 2),
        "assess_seconds": round(assess_seconds, 2),
        "step_seconds": result.seconds,
        "select_seconds": round(select_seconds, 3),
        "consignment_lanes": lanes,
        "selected": chosen.frame.height,
        "overflow": {str(lane): count for lane, count in chosen.overflow.items()},
        "peak_memory_mb": round(peak_kib / 1024, 1),
    }


def run(lines: int) -> dict[str, object]:
    """Assess N lines end to end in a fresh child; lines/s and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        pool_lines = write_pool(Path(folder))
        pool_seconds = time.perf_counter() - started
        # A fresh interpreter: its peak memory is this assessment alone, not earlier benchmarks.
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            figures = pool.submit(measure, os.fspath(folder), lines).result()
    seconds = figures["assess_seconds"] + figures["select_seconds"]
    return {
        "pool_lines": pool_lines,
        "pool_seconds": round(pool_seconds, 2),
        **figures,
        "assess_and_select_seconds": round(seconds, 2),
        "lines_per_s": round(figures["lines"] / seconds),
        "target": ">= 50,000 lines/s, peak memory < 4096 MB",
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
