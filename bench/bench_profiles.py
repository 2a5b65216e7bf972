"""Risk profiles: 200 active profiles over N consignment lines, Polars against plain Python.

The lines are a generated Caspian week repeated to N lines. The compiled run applies every
profile to every line (``apply_profiles``: derived columns, all criteria, the hits frame).
The plain-Python run evaluates the same profiles record by record with the interpreter on the
first ``SAMPLE`` lines and is extrapolated to N (records are turned into dicts beforehand and
that time is not counted, which favours Python).
"""

from __future__ import annotations

import random
import time
from datetime import date

import polars as pl

from portcontrol.core.risk.frame import consignment_frame
from portcontrol.core.risk.profiles import Context, Profile, apply_profiles, predicate
from portcontrol.core.risk.reasons import Lane, Threat
from portcontrol.core.scenario import generate_caspian

SAMPLE = 50_000
TODAY = date(2025, 3, 5)
HS = [
    "0702",
    "0803",
    "0806",
    "2844",
    "2915",
    "291521",
    "2936",
    "3824",
    "4813",
    "4818",
    "7204",
    "7326",
    "8479",
    "851713",
    "851779",
    "8708",
    "9022",
    "93",
    "9503",
    "2402",
    "3004",
    "8471",
]
WORDS = [
    "acid",
    "кислот*",
    "equipment",
    "оборудовани*",
    "parts",
    "запасные",
    "paper",
    "бумаг*",
    "toys",
    "игрушк*",
    "scrap",
    "лом",
    "vitamin*",
    "витамин*",
    "reagent*",
    "general cargo",
    "said to contain",
    "fak",
    "phones",
    "смартфон*",
]
COUNTRIES = ["AF", "TJ", "UZ", "IR", "CN", "TR", "AE", "EC", "KG", "TM", "PK", "DE"]
PORTS = ["AZBAK", "AZALA", "KZAAU", "KZKUR", "TMKRW"]
KINDS = ["container", "trailer", "rail_wagon"]


def _pick(rng: random.Random, values: list[str], most: int) -> str:
    chosen = rng.sample(values, rng.randint(1, most))
    return "[" + ", ".join(f'"{value}"' for value in chosen) + "]"


def varied_criteria(rng: random.Random) -> str:
    """Criteria the way analysts write them: an HS part and one or two other conditions."""
    parts = [f"hs_code in {_pick(rng, HS, 4)}"]
    extra = [
        lambda: f"origin_country in {_pick(rng, COUNTRIES, 3)}",
        lambda: f"route_country in {_pick(rng, COUNTRIES, 3)}",
        lambda: f"route has any {_pick(rng, PORTS, 2)}",
        lambda: f"description contains any {_pick(rng, WORDS, 3)}",
        lambda: f"not consignee_name contains any {_pick(rng, WORDS, 2)}",
        lambda: f'shipper name contains any ["ltd", "ип", "{rng.choice(WORDS)}"]',
        lambda: f"value_per_kg < {rng.choice([0.5, 1, 2, 5, 20])}",
        lambda: f"weight_per_package > {rng.choice([9, 12, 30, 300])}",
        lambda: f"gross_weight_kg >= {rng.choice([500, 5000, 20000])}",
        lambda: f'cargo_unit_kind = "{rng.choice(KINDS)}"',
        lambda: f"departure_time >= 2025-03-0{rng.randint(1, 7)}",
        lambda: f'package_type in ["DR", "{rng.choice(["CT", "CS", "PK"])}"]',
        lambda: 'party on watchlist "POI"',
        lambda: 'indicator "unit_value_low"',
    ]
    for condition in rng.sample(extra, rng.randint(1, 3)):
        parts.append(condition())
    if rng.random() < 0.3:
        return f"{parts[0]} and ({' or '.join(parts[1:])})"
    return " and ".join(parts)


def profiles(count: int = 200, seed: int = 7) -> list[Profile]:
    """``count`` varied profiles, all active on TODAY."""
    rng = random.Random(seed)
    threats = list(Threat)
    return [
        Profile(
            f"P{number:03d}",
            f"profile {number}",
            rng.choice(threats),
            varied_criteria(rng),
            rng.choice([10.0, 20.0, 40.0]),
            rng.choice(list(Lane)),
            priority=number % 5,
        )
        for number in range(count)
    ]


def lines(count: int) -> pl.DataFrame:
    """A Caspian week repeated to ``count`` consignment lines, numbered afresh."""
    scenario = generate_caspian(days=7, seed=1)
    week = consignment_frame(plan.manifest() for plan in scenario.plans)
    repeats = -(-count // week.height)
    return (
        pl.concat([week] * repeats)
        .head(count)
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("line_id"))
    )


def run(lines_count: int) -> dict[str, object]:
    """Time both evaluations and return the figures."""
    frame = lines(lines_count)
    active = profiles()
    context = Context(
        watch_list_hits={"POI": set(range(0, lines_count, 97))},
        indicator_hits={"unit_value_low": set(range(0, lines_count, 53))},
    )
    started = time.perf_counter()
    hits = apply_profiles(active, frame, today=TODAY, context=context)
    polars_seconds = time.perf_counter() - started

    sample = frame.head(SAMPLE).to_dicts()
    checks = [(profile.code, predicate(profile.tree(), context)) for profile in active]
    started = time.perf_counter()
    python_hits = sum(1 for record in sample for _, check in checks if check(record))
    python_sample_seconds = time.perf_counter() - started
    python_seconds = python_sample_seconds * lines_count / len(sample)
    polars_sample_hits = hits.filter(hits["row_id"] < len(sample)).height
    return {
        "lines": lines_count,
        "profiles": len(active),
        "hits": hits.height,
        "polars_seconds": round(polars_seconds, 2),
        "polars_lines_per_second": round(lines_count / polars_seconds),
        "python_sample_lines": len(sample),
        "python_sample_seconds": round(python_sample_seconds, 2),
        "python_seconds_extrapolated": round(python_seconds, 1),
        "python_lines_per_second": round(len(sample) / python_sample_seconds),
        "speed_up": round(python_seconds / polars_seconds, 1),
        "same_hits_on_sample": python_hits == polars_sample_hits,
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000), indent=2))
