"""Bay plan (BAPLIE) against manifest: a cargo unit aboard but not manifested, or the reverse.

The cargo unit frame may hold the units of a cargo manifest and of a bay plan as separate rows
(each file read on its own); units are matched by voyage and identifier.

Steps:

1. a laden unit that the bay plan stows aboard and no consignment line names fires red: goods
   travel without a declaration. Empty containers on the bay plan are not manifested and do
   not fire;
2. a container that the manifest names but the voyage's bay plan does not stow fires yellow:
   shut out at loading, or declared on the wrong voyage; only when that voyage has a bay plan
   at all (some unit of it has a stowage position).
"""

from __future__ import annotations

import polars as pl

from portcontrol.core.risk.indicators.base import (
    Frames,
    IndicatorContext,
    detail_json,
    empty_raw,
    finish,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "bay_plan"
THREAT = Threat.OTHER
WEIGHT = 40.0
LANE = Lane.RED
TARGET = Target.CARGO_UNIT
DESCRIPTION = "Cargo unit aboard per the bay plan but not in the manifest, or the reverse"

MISSING_FACTOR = 0.5


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Cargo units whose bay plan and manifest disagree."""
    units = frames.cargo_unit_frame()
    # No unit has a stowage position (no bay plan read): neither case can arise.
    if units.get_column("stowage_position").null_count() == units.height:
        return empty_raw()
    key = ["voyage_number", "identifier"]
    per_unit = units.group_by(key).agg(
        pl.col("stowage_position").drop_nulls().first().alias("position"),
        pl.col("in_manifest").fill_null(False).any().alias("manifested"),
        # Empty unless some row says laden: a manifest row of a named unit is laden.
        pl.col("is_empty").fill_null(False).all().alias("empty"),
        (pl.col("kind") == "container").any().alias("container"),
    )
    planned_voyages = (
        per_unit.filter(pl.col("position").is_not_null()).select("voyage_number").unique()
    )
    per_unit = per_unit.with_columns(
        pl.col("voyage_number")
        .is_in(planned_voyages.get_column("voyage_number").implode())
        .alias("voyage_planned")
    )
    aboard_only = pl.col("position").is_not_null() & ~pl.col("manifested") & ~pl.col("empty")
    manifest_only = (
        pl.col("manifested")
        & pl.col("position").is_null()
        & pl.col("voyage_planned")
        & pl.col("container")
    )
    flagged = per_unit.filter(aboard_only | manifest_only).with_columns(
        aboard_only.alias("aboard_only")
    )
    if flagged.is_empty():
        return empty_raw()
    # One hit on each row of the unit (bay plan row and manifest row are both targets).
    rows = units.select(pl.col("unit_id").alias("row_id"), *key).join(flagged, on=key, how="inner")
    found = rows.select(
        "row_id",
        pl.when(pl.col("aboard_only"))
        .then(
            pl.format(
                "{} stowed at {} per the bay plan of voyage {} but named by no consignment",
                "identifier",
                "position",
                "voyage_number",
            )
        )
        .otherwise(
            pl.format(
                "{} is in the manifest of voyage {} but missing from its bay plan",
                "identifier",
                "voyage_number",
            )
        )
        .alias("label"),
        pl.when(pl.col("aboard_only")).then(1.0).otherwise(MISSING_FACTOR).alias("factor"),
        pl.when(pl.col("aboard_only"))
        .then(pl.lit(Lane.RED.value))
        .otherwise(pl.lit(Lane.YELLOW.value))
        .alias("lane"),
        detail_json(position=pl.col("position"), aboard_only=pl.col("aboard_only")).alias("detail"),
    )
    return finish(found)
