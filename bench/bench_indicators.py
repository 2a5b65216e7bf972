"""The built-in indicator library over N synthetic consignment lines, in lines/s.

Steps:

1. build a consignment frame of N lines column-wise (HS codes and descriptions of the Caspian
   traffic with a few sensitive and vague ones, 5,000 shippers and consignees, ferry routes,
   values around a norm per code with a small share far below it) and a cargo unit frame of
   one container or trailer per three lines;
2. learn unit value norms and known parties from the first 10% of the lines;
3. time every indicator alone, then the whole library through ``run_indicators``.
"""

from __future__ import annotations

import time

import polars as pl

from portcontrol.core.risk.frame import CARGO_UNIT_COLUMNS, CONSIGNMENT_COLUMNS
from portcontrol.core.risk.indicators import (
    INDICATORS,
    Frames,
    HighRiskPlace,
    IndicatorContext,
    UnitValueNorms,
    known_parties_from,
    run_indicators,
)

GOODS = (  # hs_code, description, USD per kg
    ("100199", "Wheat, milling, class 3", 0.25),
    ("080620", "Raisins", 2.0),
    ("851713", "Smartphones", 300.0),
    ("870899", "Spare parts for cars", 7.5),
    ("950300", "Игрушки детские", 4.5),
    ("291521", "ACETIC ACID 99.8%", 0.7),
    ("291524", "Acetic anhydride", 1.2),
    ("300490", "Лекарственные средства", 40.0),
    ("848180", "Gate valves for oil pipelines, carbon steel", 12.0),
    ("847989", "Equipment", 30.0),
    ("930320", "Hunting shotguns, import permit attached", 150.0),
    ("284443", "TC-99M GENERATORS UN2915", 600.0),
    ("902219", "USED X-RAY EQUIPMENT", 12.0),
    ("240220", "Cigarettes", 25.0),
    ("481820", "Paper napkins", 1.3),
    ("720449", "STEEL SCRAP", 0.3),
    ("999999", "General cargo", 5.0),
    ("481820", "Cigarettes", 1.3),
)
PORTS = ("AZALA", "AZBAK", "KZKUR", "KZAAU", "TMKRW")


def _pick(seed: int, count: int) -> pl.Expr:
    """A reproducible pseudo-random integer in [0, count) per row."""
    return (pl.int_range(pl.len()).hash(seed) % count).cast(pl.Int64)


def _uniform(seed: int, low: float, high: float) -> pl.Expr:
    """A reproducible pseudo-random float in [low, high) per row."""
    return low + (high - low) * (_pick(seed, 1_000_000).cast(pl.Float64) / 1_000_000)


def frames(lines: int) -> Frames:
    """A consignment frame of ``lines`` lines and its cargo unit frame, built column-wise."""
    goods = pl.DataFrame(
        {
            "goods": list(range(len(GOODS))),
            "hs_code": [g[0] for g in GOODS],
            "description": [g[1] for g in GOODS],
            "norm": [g[2] for g in GOODS],
        }
    )
    origins = pl.Series(["CN", "TR", "DE", "KZ", "EC", "AE"])
    base = pl.DataFrame({"line_id": range(lines)}).with_columns(
        _pick(1, len(GOODS)).alias("goods"),
        _pick(2, len(PORTS)).alias("departure"),
        _pick(3, len(PORTS) - 1).alias("step"),
        _uniform(4, 500, 20000).alias("gross_weight_kg"),
        _uniform(5, 0.8, 1.25).alias("scatter"),
        (_pick(6, 1000) < 3).alias("undervalued"),
        (pl.col("line_id") // 3).alias("unit"),
        _pick(7, 5000).alias("shipper"),
        _pick(8, 5000).alias("consignee"),
        _pick(9, len(origins)).alias("origin"),
        _uniform(10, 8000, 37000).alias("cargo_unit_gross_weight_kg"),
    )
    base = base.join(goods, on="goods", how="left").with_columns(
        (
            pl.col("norm")
            * pl.col("scatter")
            * pl.when(pl.col("undervalued")).then(0.05).otherwise(1.0)
        ).alias("value_per_kg"),
        ((pl.col("departure") + 1 + pl.col("step")) % len(PORTS)).alias("arrival"),
    )
    route = base.select(
        pl.col("departure").replace_strict(dict(enumerate(PORTS))).alias("departure_port"),
        pl.col("arrival").replace_strict(dict(enumerate(PORTS))).alias("arrival_port"),
    )
    consignments = (
        base.select(
            "line_id",
            pl.format("V{}", pl.col("unit") // 100).alias("voyage_number"),
            pl.col("origin").replace_strict(dict(enumerate(origins))).alias("origin_country"),
            pl.format("Shipper {} LLC", "shipper").alias("shipper_name"),
            pl.lit("TR").alias("shipper_country"),
            pl.format("ТОО «Получатель {}»", "consignee").alias("consignee_name"),
            pl.lit("KZ").alias("consignee_country"),
            "hs_code",
            "description",
            "gross_weight_kg",
            (pl.col("gross_weight_kg") * pl.col("value_per_kg")).alias("value"),
            pl.lit("USD").alias("currency"),
            "value_per_kg",
            pl.concat_list(pl.format("U{}", "unit")).alias("cargo_unit_ids"),
            pl.lit("container").alias("cargo_unit_kind"),
            pl.lit("42G1").alias("size_type"),
            "cargo_unit_gross_weight_kg",
        )
        .hstack(route)
        .with_columns(
            pl.col("departure_port").alias("loading_port"),
            pl.col("arrival_port").alias("discharge_port"),
            pl.lit([], dtype=pl.List(pl.Utf8)).alias("transit_ports"),
            pl.lit([], dtype=pl.List(pl.Utf8)).alias("issue_codes"),
        )
    )
    missing = [name for name in CONSIGNMENT_COLUMNS if name not in consignments.columns]
    consignments = consignments.with_columns(pl.lit(None).alias(name) for name in missing)
    consignments = consignments.select(
        pl.col(name).cast(kind) for name, kind in CONSIGNMENT_COLUMNS.items()
    )
    cargo_units = pl.DataFrame({"unit_id": range(lines // 3 + 1)}).with_columns(
        pl.format("V{}", pl.col("unit_id") // 100).alias("voyage_number"),
        pl.format("U{}", "unit_id").alias("identifier"),
        pl.lit("container").alias("kind"),
        pl.lit("42G1").alias("size_type"),
        _uniform(11, 8000, 37000).alias("gross_weight_kg"),
        pl.lit(None).alias("vehicle_plate"),
        pl.lit(False).alias("is_empty"),
        pl.lit(1).alias("seal_count"),
        pl.col("unit_id").cast(pl.Utf8).str.zfill(7).alias("stowage_position"),
        (_pick(12, 1000) > 0).alias("in_manifest"),
        pl.lit([], dtype=pl.List(pl.Utf8)).alias("issue_codes"),
    )
    cargo_units = cargo_units.select(
        pl.col(name).cast(kind) for name, kind in CARGO_UNIT_COLUMNS.items()
    )
    return Frames(consignments, cargo_units)


def run(lines: int) -> dict[str, object]:
    """Time each indicator and the whole library over ``lines`` synthetic lines."""
    started = time.perf_counter()
    batch = frames(lines)
    built = time.perf_counter() - started
    history = batch.consignments.head(max(lines // 10, 1))
    started = time.perf_counter()
    context = IndicatorContext(
        unit_value_norms=UnitValueNorms.fit(history),
        known_parties=known_parties_from(history),
        high_risk_places=(HighRiskPlace("EC", "cocaine source"), HighRiskPlace("AE", "free zone")),
    )
    learned = time.perf_counter() - started
    per_indicator = {}
    for indicator in INDICATORS:
        started = time.perf_counter()
        found = run_indicators(batch, context, enabled=[indicator.name])
        per_indicator[indicator.name] = {
            "seconds": round(time.perf_counter() - started, 3),
            "hits": found.height,
        }
    started = time.perf_counter()
    hits = run_indicators(batch, context)
    seconds = time.perf_counter() - started
    return {
        "lines": lines,
        "frame_build_s": round(built, 2),
        "learn_norms_and_parties_s": round(learned, 2),
        "all_indicators_s": round(seconds, 2),
        "lines_per_s": round(lines / seconds) if seconds else None,
        "hits": hits.height,
        "per_indicator": per_indicator,
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
