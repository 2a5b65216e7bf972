"""Cigarettes and other tobacco products (2402, 2403, 2404) and cigarette paper (4813).

Steps:

1. tobacco products fire yellow: high-duty excise goods, declared openly they need their
   excise stamps and the consignee's licence checked, not a physical search;
2. cigarette paper (4813) fires yellow at a lower score: commercial lots feed illicit
   factories, and cigarette cartons hide behind a front row of paper cartons;
3. cigarette words under any other HS code are a ``description_hs`` hit (red).

Raw tobacco (2401), tobacco machinery (8478) and lighters (9613) do not fire.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from portcontrol.core.risk.indicators.base import (
    Frames,
    IndicatorContext,
    detail_json,
    dotted,
    empty_raw,
    finish,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "cigarettes"
THREAT = Threat.CIGARETTES
WEIGHT = 25.0
LANE = Lane.YELLOW
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Tobacco products (2402-2404) and cigarette paper (4813): excise and licence check"

HEADINGS = {
    "2402": ("cigars, cigarillos and cigarettes", 1.0),
    "2403": ("other manufactured tobacco", 1.0),
    "2404": ("tobacco or nicotine products for inhalation", 0.8),
    "4813": ("cigarette paper", 0.4),
}


@cache
def _table() -> pl.DataFrame:
    """heading, what it is, factor; built once."""
    return pl.DataFrame(
        [(code, what, factor) for code, (what, factor) in HEADINGS.items()],
        schema=[("heading", pl.Utf8), ("what", pl.Utf8), ("factor", pl.Float64)],
        orient="row",
    )


def may_fire(frames: Frames, context: IndicatorContext) -> pl.Expr:
    """True on lines under one of the headings: no other line can fire."""
    return _lines_that_may_fire()


@cache
def _lines_that_may_fire() -> pl.Expr:
    """The test of ``may_fire``, built once."""
    return pl.col("hs_code").fill_null("").str.slice(0, 4).is_in(list(HEADINGS))


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines of tobacco products or cigarette paper."""
    lines = frames.consignment_frame()
    table = _table()
    found = lines.with_columns(
        pl.col("hs_code").fill_null("").str.slice(0, 4).alias("heading")
    ).join(table, on="heading", how="inner")
    if found.is_empty():
        return empty_raw()
    paper = pl.col("heading") == "4813"
    return finish(
        found.select(
            pl.col("line_id").alias("row_id"),
            pl.when(paper)
            .then(
                pl.format(
                    "{} (HS {}): check the buyer makes cigarettes and the cartons hold paper",
                    "what",
                    dotted(pl.col("hs_code").str.slice(0, 6)),
                )
            )
            .otherwise(
                pl.format(
                    "{} (HS {}): excise goods, check stamps and the consignee's licence",
                    "what",
                    dotted(pl.col("hs_code").str.slice(0, 6)),
                )
            )
            .alias("label"),
            "factor",
            pl.lit(Lane.YELLOW.value).alias("lane"),
            detail_json(heading=pl.col("heading")).alias("detail"),
        )
    )
