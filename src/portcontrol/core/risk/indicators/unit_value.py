"""Unit value far from what the same HS code usually declares, learned from the unit's history.

:class:`UnitValueNorms` learns, per 6-digit subheading and currency, the median and the spread
(median absolute deviation, scaled to a standard deviation) of log value per kilogram, plus
the 5th and 95th percentiles, from at least ``min_samples`` past lines. It is saved as JSON.

Steps:

1. each line's log value per kg is compared with its subheading's median, in units of the
   spread (with a floor, so a code whose history is all one price does not flag every cent);
2. far below (robust z <= -3.5 and under 40% of the median) fires yellow, threat revenue:
   undervaluation is how duties and VAT are evaded;
3. far above (z >= 3.5 and over 3 times the median) fires blue: over-valuation moves money
   (trade-based laundering) or hides a misclassification, a post-clearance matter.

Codes with too little history do not fire: no norm, no judgement.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

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

NAME = "unit_value"
THREAT = Threat.REVENUE
WEIGHT = 30.0
LANE = Lane.YELLOW
TARGET = Target.CONSIGNMENT
DESCRIPTION = (
    "Value per kg far below (undervaluation) or far above what the HS code usually declares"
)

Z_LIMIT = 3.5
LOW_RATIO = 0.4
HIGH_RATIO = 3.0
SPREAD_FLOOR = 0.15  # in natural-log units: about 15% price scatter at least
MAD_TO_SIGMA = 1.4826
NORMS_VERSION = 1
_NORM_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "hs6": pl.Utf8,
    "currency": pl.Utf8,
    "samples": pl.Int64,
    "median_log": pl.Float64,
    "spread_log": pl.Float64,
    "p05": pl.Float64,
    "p95": pl.Float64,
}


def _observations(frame: pl.DataFrame) -> pl.LazyFrame:
    """hs6, currency, log value per kg of lines with a usable value and weight."""
    return (
        frame.lazy()
        .select(
            pl.col("hs_code").fill_null("").str.slice(0, 6).alias("hs6"),
            pl.col("currency").fill_null("").str.to_uppercase().alias("currency"),
            pl.col("value_per_kg").alias("value_per_kg"),
        )
        .filter(
            (pl.col("hs6").str.len_chars() == 6)
            & pl.col("value_per_kg").is_finite()
            & (pl.col("value_per_kg") > 0)
        )
        .with_columns(pl.col("value_per_kg").log().alias("log_value"))
    )


@dataclass(slots=True)
class UnitValueNorms:
    """Robust norms of value per kg per (HS subheading, currency), learned from history."""

    table: pl.DataFrame
    min_samples: int = 20

    @classmethod
    def fit(cls, history: pl.DataFrame, *, min_samples: int = 20) -> UnitValueNorms:
        """Learn the norms from a consignment frame of past lines."""
        deviation = (pl.col("log_value") - pl.col("log_value").median()).abs().median()
        table = (
            _observations(history)
            .group_by("hs6", "currency")
            .agg(
                pl.len().cast(pl.Int64).alias("samples"),
                pl.col("log_value").median().alias("median_log"),
                (deviation * MAD_TO_SIGMA).alias("spread_log"),
                pl.col("value_per_kg").quantile(0.05).alias("p05"),
                pl.col("value_per_kg").quantile(0.95).alias("p95"),
            )
            .filter(pl.col("samples") >= min_samples)
            .sort("hs6", "currency")
            .collect()
        )
        return cls(table.cast(_NORM_SCHEMA), min_samples)  # type: ignore[arg-type]

    def to_json(self) -> str:
        """The norms as JSON text (readable, versioned, no pickles)."""
        return json.dumps(
            {
                "version": NORMS_VERSION,
                "min_samples": self.min_samples,
                "norms": self.table.to_dicts(),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> UnitValueNorms:
        """Norms saved by :meth:`to_json`."""
        data = json.loads(text)
        if data.get("version") != NORMS_VERSION:
            raise ValueError(f"unit value norms version {data.get('version')!r} is not supported")
        table = pl.DataFrame(data["norms"], schema=_NORM_SCHEMA)
        return cls(table, int(data["min_samples"]))

    def scored(self, frame: pl.DataFrame) -> pl.DataFrame:
        """line_id, hs6, currency, value_per_kg, median, p05, p95, samples, z of known codes."""
        observed = (
            frame.lazy()
            .select(
                "line_id",
                pl.col("hs_code").fill_null("").str.slice(0, 6).alias("hs6"),
                pl.col("currency").fill_null("").str.to_uppercase().alias("currency"),
                "value_per_kg",
            )
            .filter(pl.col("value_per_kg").is_finite() & (pl.col("value_per_kg") > 0))
        )
        spread = pl.max_horizontal(pl.col("spread_log"), pl.lit(SPREAD_FLOOR))
        return (
            observed.join(self.table.lazy(), on=["hs6", "currency"], how="inner")
            .with_columns(
                pl.col("median_log").exp().alias("median"),
                ((pl.col("value_per_kg").log() - pl.col("median_log")) / spread).alias("z"),
            )
            .collect()
        )


def _money(value: pl.Expr) -> pl.Expr:
    """A value per kg rounded for people: 2 decimals below 10, whole above."""
    return pl.when(value < 10).then(value.round(2)).otherwise(value.round(0)).cast(pl.Utf8)


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines priced far below or far above their subheading's norm."""
    norms = context.unit_value_norms
    if norms is None or norms.table.is_empty():
        return empty_raw()
    scored = norms.scored(frames.consignment_frame())
    ratio = pl.col("value_per_kg") / pl.col("median")
    low = (pl.col("z") <= -Z_LIMIT) & (ratio <= LOW_RATIO)
    high = (pl.col("z") >= Z_LIMIT) & (ratio >= HIGH_RATIO)
    flagged = scored.filter(low | high)
    if flagged.is_empty():
        return empty_raw()
    currency = (
        pl.when(pl.col("currency") == "")
        .then(pl.lit(""))
        .otherwise(pl.concat_str(pl.lit(" "), pl.col("currency")))
    )
    percent = (ratio * 100).round(1).cast(pl.Utf8)
    strength = ((pl.col("z").abs() - Z_LIMIT) / Z_LIMIT).clip(0.0, 1.0)
    found = flagged.select(
        pl.col("line_id").alias("row_id"),
        pl.format(
            "declared {}{}/kg for HS {}: {}% of the usual {} (5-95%: {}-{}, {} past lines){}",
            _money(pl.col("value_per_kg")),
            currency,
            dotted(pl.col("hs6")),
            percent,
            _money(pl.col("median")),
            _money(pl.col("p05")),
            _money(pl.col("p95")),
            pl.col("samples"),
            pl.when(low)
            .then(pl.lit(", possible undervaluation"))
            .otherwise(pl.lit(", possible over-valuation or misclassification")),
        ).alias("label"),
        pl.when(low).then(0.6 + 0.4 * strength).otherwise(0.3 + 0.2 * strength).alias("factor"),
        pl.when(low)
        .then(pl.lit(Lane.YELLOW.value))
        .otherwise(pl.lit(Lane.BLUE.value))
        .alias("lane"),
        detail_json(z=pl.col("z").round(2), median=pl.col("median").round(4)).alias("detail"),
    )
    return finish(found)
