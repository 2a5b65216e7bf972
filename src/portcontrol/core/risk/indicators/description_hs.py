"""Description inconsistent with the HS code: words of a sensitive chapter under another code.

Steps (on distinct (hs_code, description) pairs, joined back to the lines):

1. harmless compounds ("spray gun", "cigarette paper", "smoke detector") are cut out of the
   description, so their words cannot fire;
2. for each sensitive group (firearms, tobacco, radioactive, narcotics; ``sensitive_words.json``)
   a description with its words fires unless the code is one of the group's own headings;
3. under a look-alike heading (toys 9503, games 9504, sporting goods 9506) the words fire even
   though toy words are present: red, or yellow when a qualifier explains them ("toy pistol",
   "water gun");
4. under any other code the words fire only when none of the declared chapter's own words
   (``chapter_keywords.json``) is present: "cigarette" beside "paper napkins" is a red flag,
   "tobacco" in "machinery for tobacco" is not. A chapter without a word list proposes
   yellow only.
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
    read_json,
    starts_with_any,
    word_pattern,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "description_hs"
THREAT = Threat.OTHER  # each hit carries the threat of its sensitive group
WEIGHT = 45.0
LANE = Lane.RED
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Words of a sensitive chapter (arms, tobacco, radioactive, drugs) under another code"

QUALIFIED_FACTOR = 0.5
UNKNOWN_CHAPTER_FACTOR = 0.6


@cache
def _groups() -> list[dict[str, object]]:
    data = read_json("sensitive_words.json")
    assert isinstance(data, dict)
    return list(data["groups"])


@cache
def _any_word() -> str:
    """One pattern for the words of every sensitive group, built once."""
    return word_pattern(word for group in _groups() for word in group["words"])  # type: ignore[attr-defined]


@cache
def _chapters() -> pl.DataFrame:
    """chapter, its name, and the regex of its own words."""
    data = read_json("chapter_keywords.json")
    assert isinstance(data, dict)
    chapters = data["chapters"]
    return pl.DataFrame(
        {
            "chapter": list(chapters),
            "chapter_name": [entry["name"] for entry in chapters.values()],
            "chapter_words": [word_pattern(entry["words"]) for entry in chapters.values()],
        }
    )


def _own_words_present(pairs: pl.DataFrame) -> pl.DataFrame:
    """Adds ``chapter_known`` and ``chapter_words_present`` (one regex per chapter, not per row)."""
    chapters = _chapters()
    with_chapter = pairs.with_columns(pl.col("hs_code").str.slice(0, 2).alias("chapter")).join(
        chapters, on="chapter", how="left"
    )
    present = pl.lit(False)
    for chapter, pattern in chapters.select("chapter", "chapter_words").iter_rows():
        present = present | (
            (pl.col("chapter") == chapter) & pl.col("description").str.contains(pattern)
        )
    return with_chapter.with_columns(
        pl.col("chapter_words").is_not_null().alias("chapter_known"),
        present.alias("chapter_words_present"),
    )


def _group_hits(pairs: pl.DataFrame, group: dict[str, object]) -> pl.DataFrame:
    """Pairs that fire for one sensitive group, with label, factor, lane, threat, detail."""
    words = word_pattern(group["words"])  # type: ignore[arg-type]
    excuses = group.get("excuses") or []
    text = pl.col("description")
    if excuses:
        text = text.str.replace_all(word_pattern(excuses), " ")  # type: ignore[arg-type]
    qualifiers = group.get("qualifiers") or []
    qualified = (
        pl.col("description").str.contains(word_pattern(qualifiers))  # type: ignore[arg-type]
        if qualifiers
        else pl.lit(False)
    )
    own = starts_with_any(pl.col("hs_code"), group["own"])  # type: ignore[arg-type]
    look_alike = starts_with_any(pl.col("hs_code"), group.get("look_alike") or [])  # type: ignore[arg-type]
    marked = pairs.with_columns(text.str.extract(words, 0).alias("word"))
    fires = pl.col("word").is_not_null() & ~own & (look_alike | ~pl.col("chapter_words_present"))
    lane = str(group["lane"])
    soft = (look_alike & qualified) | (~look_alike & ~pl.col("chapter_known"))
    factor = (
        pl.when(look_alike & qualified)
        .then(QUALIFIED_FACTOR)
        .when(~look_alike & ~pl.col("chapter_known"))
        .then(UNKNOWN_CHAPTER_FACTOR)
        .otherwise(1.0)
    )
    declared = pl.coalesce(pl.col("chapter_name"), pl.format("chapter {}", "chapter"))
    return marked.filter(fires).select(
        "hs_code",
        "description",
        pl.format(
            "description says '{}' ({}) but HS {} is {}",
            "word",
            pl.lit(str(group["name"])),
            dotted(pl.col("hs_code").str.slice(0, 6)),
            declared,
        ).alias("label"),
        factor.alias("factor"),
        pl.when(soft).then(pl.lit(Lane.YELLOW.value)).otherwise(pl.lit(lane)).alias("lane"),
        pl.lit(str(group["threat"])).alias("threat"),
        detail_json(
            group=pl.lit(str(group["name"])), word=pl.col("word"), qualified=qualified
        ).alias("detail"),
    )


def may_fire(frames: Frames, context: IndicatorContext) -> pl.Expr:
    """True on lines whose description has a sensitive word: no other line can fire."""
    return _lines_that_may_fire()


@cache
def _lines_that_may_fire() -> pl.Expr:
    """The test of ``may_fire``, built once."""
    return pl.col("description").fill_null("").str.contains(_any_word())


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines whose description names goods of a sensitive chapter the code does not cover."""
    lines = frames.consignment_frame()
    groups = _groups()
    # Most descriptions carry no sensitive word: drop them before the chapter-word tests.
    pairs = descriptions(lines).filter(pl.col("description").str.contains(_any_word()))
    if pairs.is_empty():
        return empty_raw()
    pairs = _own_words_present(pairs)
    found = [_group_hits(pairs, group) for group in groups]
    found = [frame for frame in found if not frame.is_empty()]
    if not found:
        return empty_raw()
    return finish(back_to_lines(lines, pl.concat(found)), "threat")
