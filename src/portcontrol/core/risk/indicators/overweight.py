"""Gross weight above what the cargo unit type can carry.

Containers by ISO 6346 size/type code (``size_types.csv``): ISO 668 allows series-1 containers
at most 36,000 kg gross; most boxes are plated lower (30,480 kg for a 20-foot general purpose
box). Road vehicles: 44,000 kg for an articulated truck and trailer (the limit in intermodal
transport in the EU and in most CIS states). Rail wagons: 100,000 kg (four axles at 25 t).

Steps:

1. a cargo unit declared above the hard limit of its type fires yellow: a false weight hides
   goods or an extra load, and it is a safety matter aboard a ferry;
2. a container above its usual plate rating but within the ISO limit adds a small score with no
   lane: check the CSC plate, some boxes are rated higher.

Works on the cargo unit frame when there is one (target: cargo unit); without it, on the
consignment frame's first cargo unit (target: consignment).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from portcontrol.core.risk.indicators.base import (
    Frames,
    IndicatorContext,
    detail_json,
    empty_raw,
    finish,
    read_csv,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "overweight"
THREAT = Threat.OTHER
WEIGHT = 25.0
LANE = Lane.YELLOW
TARGET = Target.CARGO_UNIT
DESCRIPTION = "Cargo unit gross weight above what its ISO 6346 size/type or vehicle kind can carry"

PLATE_FACTOR = 0.3
VEHICLE_LIMITS = {  # kind -> (what, hard limit kg)
    "truck": ("truck and trailer", 44000.0),
    "trailer": ("truck and trailer", 44000.0),
    "road_train": ("truck and trailer", 44000.0),
    "rail_wagon": ("four-axle rail wagon", 100000.0),
}


@cache
def _limits() -> pl.DataFrame:
    return read_csv("size_types.csv").select(
        pl.col("size_type"),
        pl.col("description").alias("what"),
        pl.col("rated_gross_kg").cast(pl.Float64).alias("rated"),
        pl.col("limit_gross_kg").cast(pl.Float64).alias("limit"),
    )


@cache
def _vehicle_limits() -> pl.DataFrame:
    return pl.DataFrame(
        [(kind, what, limit) for kind, (what, limit) in VEHICLE_LIMITS.items()],
        schema=[("kind", pl.Utf8), ("vehicle_what", pl.Utf8), ("vehicle_limit", pl.Float64)],
        orient="row",
    )


def _units(frames: Frames) -> tuple[pl.DataFrame, Target]:
    """row_id, identifier, kind, size_type, gross of the units to check, and their target."""
    if frames.cargo_units is not None:
        units = frames.cargo_units.select(
            pl.col("unit_id").alias("row_id"),
            "identifier",
            "kind",
            "size_type",
            pl.col("gross_weight_kg").alias("gross"),
        )
        return units, Target.CARGO_UNIT
    lines = frames.consignment_frame().select(
        pl.col("line_id").alias("row_id"),
        pl.col("cargo_unit_ids").list.first().alias("identifier"),
        pl.col("cargo_unit_kind").alias("kind"),
        "size_type",
        pl.col("cargo_unit_gross_weight_kg").alias("gross"),
    )
    return lines, Target.CONSIGNMENT


def _kg(value: pl.Expr) -> pl.Expr:
    """A weight with thousands separators, as on a weighbridge ticket."""
    kilos = value.round(0).cast(pl.Int64)
    thousands = (kilos // 1000).cast(pl.Utf8)
    rest = (kilos % 1000).cast(pl.Utf8).str.zfill(3)
    return (
        pl.when(kilos >= 1000)
        .then(pl.format("{},{}", thousands, rest))
        .otherwise(kilos.cast(pl.Utf8))
    )


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Cargo units heavier than their type allows."""
    units, target = _units(frames)
    # Nothing to weigh (no gross weight declared): no frame work at all.
    if units.get_column("gross").null_count() == units.height:
        return empty_raw()
    units = (
        units.filter(pl.col("gross").is_not_null())
        .with_columns(pl.col("size_type").str.to_uppercase())
        .join(_limits(), on="size_type", how="left")
        .join(_vehicle_limits(), on="kind", how="left")
        .with_columns(
            pl.coalesce("what", "vehicle_what").alias("what"),
            pl.coalesce("limit", "vehicle_limit").alias("limit"),
        )
    )
    over_limit = pl.col("gross") > pl.col("limit")
    over_rating = pl.col("rated").is_not_null() & (pl.col("gross") > pl.col("rated"))
    flagged = units.filter(over_limit | over_rating)
    if flagged.is_empty():
        return empty_raw()
    size = (
        pl.when(pl.col("size_type").is_not_null())
        .then(pl.format("{}, ", "size_type"))
        .otherwise(pl.lit(""))
    )
    found = flagged.select(
        "row_id",
        pl.when(over_limit)
        .then(
            pl.format(
                "{} ({}{}) declared {} kg gross, above the {} kg such a unit can carry",
                pl.col("identifier").fill_null("cargo unit"),
                size,
                "what",
                _kg(pl.col("gross")),
                _kg(pl.col("limit")),
            )
        )
        .otherwise(
            pl.format(
                "{} ({}{}) declared {} kg gross, above the usual {} kg rating: check the CSC plate",
                pl.col("identifier").fill_null("cargo unit"),
                size,
                "what",
                _kg(pl.col("gross")),
                _kg(pl.col("rated")),
            )
        )
        .alias("label"),
        pl.when(over_limit).then(1.0).otherwise(PLATE_FACTOR).alias("factor"),
        pl.when(over_limit)
        .then(pl.lit(Lane.YELLOW.value))
        .otherwise(pl.lit(None, pl.Utf8))
        .alias("lane"),
        detail_json(gross=pl.col("gross"), limit=pl.col("limit")).alias("detail"),
        pl.lit(target.value).alias("target"),
    )
    return finish(found, "target")
