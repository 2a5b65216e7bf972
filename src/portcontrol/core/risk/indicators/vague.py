"""Vague goods descriptions: "general cargo", "said to contain", "FAK", "ТНП", "оборудование".

Steps (on distinct descriptions, joined back to the lines):

1. a description that is nothing but a vague phrase (numbers and punctuation dropped) fires
   yellow: the goods must be described before they can be assessed;
2. a vague marker anywhere ("said to contain", "STC", "FAK", "сборный груз") fires yellow;
3. a generic first word ("chemical reagent for ...", "parts of ...") under a residual
   subheading (ending in 9 or 90, "other") adds a small score with no lane: such a pair names
   no goods at all, yet is common in honest trade.

Words that are vague alone are not vague inside a precise description: "sporting goods" and
"goods wagons" do not fire.
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
    read_json,
    strip_chars,
    word_pattern,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat, detail_text

NAME = "vague"
THREAT = Threat.OTHER
WEIGHT = 15.0
LANE = Lane.YELLOW
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Goods description that names no goods (general cargo, STC, FAK, ТНП, equipment)"

RESIDUAL_FACTOR = 0.4


@cache
def _phrases() -> dict[str, list[str]]:
    data = read_json("vague_phrases.json")
    assert isinstance(data, dict)
    return {key: list(value) for key, value in data.items() if isinstance(value, list)}


@cache
def _patterns() -> tuple[pl.Series, str, str]:
    """The whole-vague phrases, the marker pattern and the generic-head pattern, built once."""
    phrases = _phrases()
    whole = pl.Series("whole", sorted({phrase.lower() for phrase in phrases["whole"]}))
    markers = word_pattern(phrases["markers"])
    heads = r"^\s*" + word_pattern(phrases["heads"]).removeprefix(r"(?i)\b")
    return whole, markers, heads


def normalised(description: pl.Expr) -> pl.Expr:
    """Lower case, numbers and punctuation dropped, spaces collapsed."""
    return (
        description.str.to_lowercase()
        .str.replace_all(r"[^\w\s]|\d|_", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def _flags(hs_code: pl.Expr, description: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """``all_vague``, ``marker`` (the vague marker found) and ``generic`` of a line."""
    whole, markers, heads = _patterns()
    text = normalised(description)
    residual = hs_code.str.slice(0, 6).str.contains(r"^\d{5}9$|^\d{4}90$")
    return (
        (text.is_in(whole.implode()) | (text == "")).alias("all_vague"),
        description.str.extract(markers, 0).alias("marker"),
        (residual & description.str.contains("(?i)" + heads)).alias("generic"),
    )


def may_fire(frames: Frames, context: IndicatorContext) -> pl.Expr:
    """True on lines that are vague or generic (``run``'s own test): no other line can fire."""
    return _lines_that_may_fire()


@cache
def _lines_that_may_fire() -> pl.Expr:
    """The test of ``may_fire``, built once."""
    all_vague, marker, generic = _flags(
        pl.col("hs_code").fill_null(""), pl.col("description").fill_null("")
    )
    return all_vague | marker.is_not_null() | generic


def records(frames: Frames, context: IndicatorContext) -> list[dict[str, object]]:
    """The raw hits of ``run`` for a few lines: the patterns in one select, texts in Python."""
    hs_code, description = pl.col("hs_code").fill_null(""), pl.col("description").fill_null("")
    lines = frames.consignment_frame().select(
        "line_id", hs_code, description, *_flags(hs_code, description)
    )
    found = []
    for line_id, code, text, all_vague, marker, generic in lines.iter_rows():
        strong = all_vague or marker is not None
        if not (strong or generic):
            continue
        if strip_chars(text) == "":
            label = "no goods description"
        elif strong:
            label = f"vague goods description '{text[:60]}'"
        else:
            label = f"generic description '{text[:60]}' under residual HS {code[:6]}"
        found.append(
            {
                "row_id": line_id,
                "label": label,
                "factor": 1.0 if strong else RESIDUAL_FACTOR,
                "lane": Lane.YELLOW.value if strong else None,
                # ``detail_json`` writes every value as text, the flag too
                "detail": detail_text(
                    {"marker": marker, "whole": "true" if all_vague else "false"}
                ),
            }
        )
    return found


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines whose description is vague, or generic under a residual subheading."""
    lines = frames.consignment_frame()
    pairs = lines.select(
        pl.col("hs_code").fill_null(""), pl.col("description").fill_null("")
    ).unique()
    marked = pairs.with_columns(*_flags(pl.col("hs_code"), pl.col("description"))).filter(
        pl.col("all_vague") | pl.col("marker").is_not_null() | pl.col("generic")
    )
    if marked.is_empty():
        return empty_raw()
    strong = pl.col("all_vague") | pl.col("marker").is_not_null()
    found = marked.select(
        "hs_code",
        "description",
        pl.when(pl.col("description").str.strip_chars() == "")
        .then(pl.lit("no goods description"))
        .when(strong)
        .then(pl.format("vague goods description '{}'", pl.col("description").str.slice(0, 60)))
        .otherwise(
            pl.format(
                "generic description '{}' under residual HS {}",
                pl.col("description").str.slice(0, 60),
                pl.col("hs_code").str.slice(0, 6),
            )
        )
        .alias("label"),
        pl.when(strong).then(1.0).otherwise(RESIDUAL_FACTOR).alias("factor"),
        pl.when(strong)
        .then(pl.lit(Lane.YELLOW.value))
        .otherwise(pl.lit(None, pl.Utf8))
        .alias("lane"),
        detail_json(marker=pl.col("marker"), whole=pl.col("all_vague")).alias("detail"),
    )
    keys = lines.select(
        pl.col("line_id").alias("row_id"),
        pl.col("hs_code").fill_null(""),
        pl.col("description").fill_null(""),
    )
    return finish(keys.join(found, on=["hs_code", "description"], how="inner"))
