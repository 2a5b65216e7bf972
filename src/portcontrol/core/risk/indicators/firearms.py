"""Firearms, their parts and ammunition, declared under chapter 93.

Steps:

1. a line of chapter 93 fires; its heading names what it is (9302 revolvers and pistols,
   9306 ammunition, ...);
2. military weapons, pistols and revolvers, parts and ammunition (9301, 9302, 9305, 9306) are
   red, the trafficking priorities of the UN Firearms Protocol;
3. the lane is yellow instead (check the document) when the description cites a permit or
   licence, or the consignee is a regular one (known party), or the arm is a sporting or
   hunting gun, an air gun or a sword (9303, 9304, 9307), which licensed shops import openly.

Toys (9503) and sporting goods (9506) never fire here by their code; gun words in their
description are a ``description_hs`` hit (description inconsistent with the HS code).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from portcontrol.core.risk.indicators.base import (
    Frames,
    IndicatorContext,
    back_to_lines,
    descriptions,
    detail_json,
    dotted,
    empty_raw,
    finish,
    word_pattern,
)
from portcontrol.core.risk.indicators.first_seen import first_seen_lines
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "firearms"
THREAT = Threat.FIREARMS
WEIGHT = 50.0
LANE = Lane.RED
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Firearms, parts and ammunition (HS chapter 93); permit cited: documentary check"

HEADINGS = {
    "9301": "military weapons",
    "9302": "revolvers and pistols",
    "9303": "other firearms (sporting, hunting)",
    "9304": "other arms (air guns, spring guns)",
    "9305": "parts and accessories of arms",
    "9306": "ammunition, bombs, grenades",
    "9307": "swords, bayonets and similar arms",
}
ALWAYS_YELLOW = ("9303", "9304", "9307")
PERMITTED_FACTOR = 0.4
PERMIT_WORDS = word_pattern(
    [
        "permit*", "licence*", "license*", "licensed", "authoris*", "authoriz*",
        "разрешени*", "лицензи*",
        "icazə*", "lisenziya*",
        "рұқсат*",
        "уруксат*",
    ]
)  # fmt: skip


def may_fire(frames: Frames, context: IndicatorContext) -> pl.Expr:
    """True on lines of chapter 93: no other line can fire."""
    return _lines_that_may_fire()


@cache
def _lines_that_may_fire() -> pl.Expr:
    """The test of ``may_fire``, built once."""
    return pl.col("hs_code").str.starts_with("93")


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines of chapter 93, red unless a permit is cited or the arm is sold openly."""
    lines = frames.consignment_frame()
    # Almost no line is of chapter 93: one look at the codes before any frame is built.
    if not lines.get_column("hs_code").str.starts_with("93").any():
        return empty_raw()
    heading = pl.col("hs_code").str.slice(0, 4)
    pairs = descriptions(lines).filter(pl.col("hs_code").str.starts_with("93"))
    pairs = pairs.with_columns(heading.alias("heading")).join(_headings(), on="heading", how="left")
    permitted = pl.col("description").str.contains(PERMIT_WORDS)
    mild = permitted | pl.col("heading").is_in(ALWAYS_YELLOW)
    found = pairs.select(
        "hs_code",
        "description",
        mild.alias("mild"),
        permitted.alias("permitted"),
        "heading",
        "what",
    )
    lines = _with_known_consignee(lines, context)
    found = back_to_lines(lines, found).join(
        lines.select(pl.col("line_id").alias("row_id"), "regular"), on="row_id"
    )
    mild = pl.col("mild") | pl.col("regular")
    permitted = pl.col("permitted")
    found = found.select(
        "row_id",
        pl.when(permitted)
        .then(
            pl.format(
                "{} (HS {}) declared with a permit reference: check the permit",
                pl.col("what").fill_null("arms"),
                dotted(pl.col("hs_code").str.slice(0, 6)),
            )
        )
        .otherwise(
            pl.format(
                "{} (HS {}) declared without a permit reference{}",
                pl.col("what").fill_null("arms"),
                dotted(pl.col("hs_code").str.slice(0, 6)),
                pl.when(pl.col("regular"))
                .then(pl.lit(", regular consignee"))
                .otherwise(pl.lit("")),
            )
        )
        .alias("label"),
        pl.when(mild).then(PERMITTED_FACTOR).otherwise(1.0).alias("factor"),
        pl.when(mild)
        .then(pl.lit(Lane.YELLOW.value))
        .otherwise(pl.lit(Lane.RED.value))
        .alias("lane"),
        detail_json(heading=pl.col("heading"), permit=permitted, regular=pl.col("regular")).alias(
            "detail"
        ),
    )
    return finish(found)


@cache
def _headings() -> pl.DataFrame:
    """heading and what it is, built once."""
    return pl.DataFrame(
        {"heading": list(HEADINGS), "what": list(HEADINGS.values())},
        schema=[("heading", pl.Utf8), ("what", pl.Utf8)],
    )


def _with_known_consignee(lines: pl.DataFrame, context: IndicatorContext) -> pl.DataFrame:
    """Lines of chapter 93 with ``regular``: the consignee is a known party."""
    arms = lines.filter(pl.col("hs_code").fill_null("").str.starts_with("93"))
    if context.known_parties is None:
        return arms.with_columns(pl.lit(False).alias("regular"))
    new = first_seen_lines(arms, context.known_parties).filter(pl.col("role") == "consignee")
    return arms.with_columns(
        (~pl.col("line_id").is_in(new.get_column("line_id").implode())).alias("regular")
    )
