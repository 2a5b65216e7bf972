"""Precursor chemicals of the INCB Red List (Tables I and II of the 1988 Convention), by HS code.

Steps:

1. a line whose subheading is a listed precursor fires: Table I in the red lane, Table II (mostly
   solvents and acids in common legitimate trade) in the yellow lane at a lower score;
2. a description that names a Table I substance under another subheading fires red: the name
   and the code disagree, the classic way a precursor is hidden;
3. a medicine (3003/3004) whose description names ephedrine or pseudoephedrine fires yellow:
   licensed preparations are diverted, but the HS code alone cannot tell them apart.

Innocent look-alikes: acetic acid (2915.21) sits beside acetic anhydride (2915.24) in the tariff;
neither its code nor the words "acetic acid" match, only "acetic anhydride" does.
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
    read_json,
    word_pattern,
)
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "precursors"
THREAT = Threat.PRECURSORS
WEIGHT = 60.0
LANE = Lane.RED
TARGET = Target.CONSIGNMENT
DESCRIPTION = (
    "Precursor chemicals of the INCB Red List by HS subheading or by name in the description"
)

TABLE_II_FACTOR = 0.35
NAMED_FACTOR = 0.9
MEDICINE_FACTOR = 0.4
MEDICINE_HEADINGS = ("3003", "3004")


@cache
def _by_code() -> pl.DataFrame:
    """The Red List by subheading: substance, table, the drug it serves (read once)."""
    return read_csv("precursors.csv").select(
        pl.col("hs2022").alias("hs6"),
        pl.col("substance"),
        pl.col("convention_table").alias("table"),
        pl.col("note").str.split(";").list.first().str.strip_chars().alias("use"),
    )


@cache
def _listed_codes() -> pl.Series:
    """The subheadings of the Red List, for a look before any join."""
    return _by_code().get_column("hs6").unique()


@cache
def _any_name() -> str:
    """One pattern for every substance name: most descriptions name none."""
    return word_pattern(word for entry in _names() for word in entry["words"])  # type: ignore[attr-defined]


def _names() -> list[dict[str, object]]:
    data = read_json("precursor_words.json")
    assert isinstance(data, dict)
    return list(data["substances"])


def _coded(pairs: pl.DataFrame) -> pl.DataFrame:
    """Pairs whose subheading is on the Red List."""
    if not pairs.get_column("hs_code").str.slice(0, 6).is_in(_listed_codes().implode()).any():
        return _named_empty()
    found = pairs.with_columns(pl.col("hs_code").str.slice(0, 6).alias("hs6")).join(
        _by_code(), on="hs6", how="inner"
    )
    table_one = pl.col("table") == "I"
    return found.select(
        "hs_code",
        "description",
        pl.format(
            "{} (HS {}) is a Table {} precursor of {}",
            "substance",
            dotted(pl.col("hs6")),
            "table",
            "use",
        ).alias("label"),
        pl.when(table_one).then(1.0).otherwise(TABLE_II_FACTOR).alias("factor"),
        pl.when(table_one)
        .then(pl.lit(Lane.RED.value))
        .otherwise(pl.lit(Lane.YELLOW.value))
        .alias("lane"),
        detail_json(substance=pl.col("substance"), table=pl.col("table"), hs6=pl.col("hs6")).alias(
            "detail"
        ),
    )


def _named(pairs: pl.DataFrame) -> pl.DataFrame:
    """Pairs whose description names a Table I substance outside its own subheadings."""
    names = _names()
    # Most descriptions name no substance: drop them before the per-substance tests.
    pairs = pairs.filter(pl.col("description").str.contains(_any_name()))
    if pairs.is_empty():
        return _named_empty()
    found: list[pl.DataFrame] = []
    hs6 = pl.col("hs_code").str.slice(0, 6)
    medicine = pl.col("hs_code").str.slice(0, 4).is_in(MEDICINE_HEADINGS)
    for entry in names:
        pattern = word_pattern(entry["words"])  # type: ignore[arg-type]
        own = list(entry["own"])  # type: ignore[call-overload]
        in_medicine = bool(entry.get("medicine")) & medicine
        hits = pairs.filter(pl.col("description").str.contains(pattern) & ~hs6.is_in(own))
        if hits.is_empty():
            continue
        substance, use = str(entry["substance"]), str(entry["use"])
        found.append(
            hits.select(
                "hs_code",
                "description",
                pl.when(in_medicine)
                .then(
                    pl.format(
                        "medicine containing {} (HS {}): preparations are diverted for {}",
                        pl.lit(substance),
                        dotted(hs6),
                        pl.lit(use),
                    )
                )
                .otherwise(
                    pl.format(
                        "description names {}, a Table I precursor of {}, under HS {}",
                        pl.lit(substance),
                        pl.lit(use),
                        dotted(hs6),
                    )
                )
                .alias("label"),
                pl.when(in_medicine).then(MEDICINE_FACTOR).otherwise(NAMED_FACTOR).alias("factor"),
                pl.when(in_medicine)
                .then(pl.lit(Lane.YELLOW.value))
                .otherwise(pl.lit(Lane.RED.value))
                .alias("lane"),
                detail_json(
                    substance=pl.lit(substance),
                    words=pl.col("description").str.extract(pattern, 0),
                    hs6=hs6,
                ).alias("detail"),
            )
        )
    if not found:
        return _named_empty()
    # "PMK glycidate" also says "PMK": the longest name found is the one meant.
    longest = pl.col("detail").str.json_path_match("$.words").str.len_chars()
    return (
        pl.concat(found)
        .sort(longest, descending=True)
        .unique(["hs_code", "description"], keep="first", maintain_order=True)
    )


def _named_empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "hs_code": pl.Utf8,
            "description": pl.Utf8,
            **dict(empty_raw().drop("row_id").schema),
        }
    )


def may_fire(frames: Frames, context: IndicatorContext) -> pl.Expr:
    """True on lines with a listed subheading or a substance named: no other line can fire."""
    return _lines_that_may_fire()


@cache
def _lines_that_may_fire() -> pl.Expr:
    """The test of ``may_fire``, built once."""
    return pl.col("hs_code").fill_null("").str.slice(0, 6).is_in(_listed_codes().implode()) | (
        pl.col("description").fill_null("").str.contains(_any_name())
    )


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines declaring or naming a precursor chemical."""
    lines = frames.consignment_frame()
    pairs = descriptions(lines)
    coded, named = _coded(pairs), _named(pairs)
    if coded.is_empty() and named.is_empty():
        return empty_raw()
    found = pl.concat([coded, named], how="vertical_relaxed")
    return finish(back_to_lines(lines, found))
