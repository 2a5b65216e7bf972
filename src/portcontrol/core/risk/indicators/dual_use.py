"""Strategic and dual-use goods by candidate HS headings, with the correlation caveat.

Export control lists are not written in HS codes: correlation tables (WCO Strategic Trade
Control Enforcement guide, EU correlation table) give *candidate* headings, each of which also
covers ordinary goods. So the code alone proposes a documentary check, and the words of the
description decide.

Steps:

1. a line under a candidate heading (``dual_use.csv``) fires yellow at a low score, the caveat
   of the heading in its reason;
2. control-list wording in its description (five-axis, isostatic, bellows-sealed, nickel alloy,
   ...) raises it to red;
3. wording that places it outside the control list (carbon steel, cast iron, API 6D pipeline
   valves, household) with no control wording: no hit at all.

Nuclear reactors (8401) and isotopes (2845) are the ``radioactive`` indicator's.
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
    read_csv,
    starts_with_any,
    word_pattern,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "dual_use"
THREAT = Threat.WMD
WEIGHT = 45.0
LANE = Lane.RED
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Candidate headings of strategic/dual-use goods; the description decides red"

CANDIDATE_FACTOR = 0.3


@cache
def _candidates() -> list[dict[str, str]]:
    return read_csv("dual_use.csv").fill_null("").to_dicts()


@cache
def _under_any_candidate() -> pl.Expr:
    """True where ``hs_code`` is under some candidate heading (the expression built once)."""
    return starts_with_any(pl.col("hs_code"), (row["hs_prefix"] for row in _candidates()))


def may_fire(frames: Frames, context: IndicatorContext) -> pl.Expr:
    """True on lines under a candidate heading: no other line can fire."""
    return _lines_that_may_fire()


@cache
def _lines_that_may_fire() -> pl.Expr:
    """The test of ``may_fire``, built once."""
    prefixes = (row["hs_prefix"] for row in _candidates())
    return starts_with_any(pl.col("hs_code").fill_null(""), prefixes)


def _split(words: str) -> list[str]:
    return [word.strip() for word in words.split(";") if word.strip()]


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines under candidate headings: yellow, or red when the words are control-list words."""
    lines = frames.consignment_frame()
    candidates = _candidates()
    # Most lines are under no candidate heading: drop them before the per-heading tests.
    pairs = descriptions(lines).filter(_under_any_candidate())
    if pairs.is_empty():
        return empty_raw()
    found: list[pl.DataFrame] = []
    claimed = pl.lit(False)
    # Longer prefixes first, so 8479.89 is judged by its own row, not a shorter heading's.
    for entry in sorted(candidates, key=lambda row: -len(row["hs_prefix"])):
        prefix = entry["hs_prefix"]
        under = pl.col("hs_code").str.starts_with(prefix) & ~claimed
        claimed = claimed | pl.col("hs_code").str.starts_with(prefix)
        control = _split(entry["control_words"])
        ordinary = _split(entry["ordinary_words"])
        controlled = (
            pl.col("description").str.contains(word_pattern(control)) if control else pl.lit(False)
        )
        plain = (
            pl.col("description").str.contains(word_pattern(ordinary))
            if ordinary
            else pl.lit(False)
        )
        hits = pairs.filter(under & (controlled | ~plain))
        if hits.is_empty():
            continue
        red = controlled
        matched = (
            pl.col("description").str.extract(word_pattern(control), 0)
            if control
            else pl.lit(None, pl.Utf8)
        )
        found.append(
            hits.select(
                "hs_code",
                "description",
                pl.when(red)
                .then(
                    pl.format(
                        "{} (HS {}): control-list wording '{}' in the description",
                        pl.lit(entry["item"]),
                        dotted(pl.col("hs_code").str.slice(0, 6)),
                        matched,
                    )
                )
                .otherwise(
                    pl.format(
                        "{} (HS {}) is a candidate heading for strategic goods; {}",
                        pl.lit(entry["item"]),
                        dotted(pl.col("hs_code").str.slice(0, 6)),
                        pl.lit(entry["caveat"]),
                    )
                )
                .alias("label"),
                pl.when(red).then(1.0).otherwise(CANDIDATE_FACTOR).alias("factor"),
                pl.when(red)
                .then(pl.lit(Lane.RED.value))
                .otherwise(pl.lit(Lane.YELLOW.value))
                .alias("lane"),
                detail_json(heading=pl.lit(prefix), control_words=matched).alias("detail"),
            )
        )
    if not found:
        return empty_raw()
    return finish(back_to_lines(lines, pl.concat(found)))
