"""Nuclear and radioactive material: HS 2844, 2845, 8401, sources inside 9022/9030 equipment, scrap.

Steps:

1. radioactive elements and isotopes (2844), other isotopes and heavy water (2845), reactors and
   fuel elements (8401) fire red;
2. medical isotopes properly declared stay out of the red lane: 2844.43/2844.44 whose
   description is radiopharmaceutical (Tc-99m generators, I-131, ...) or whose consignee is a
   hospital or pharmacy firm, unless the route touches a place the analyst marked high-risk;
   they get a yellow documentary check (licence, transport index);
3. X-ray and radiation apparatus (9022) and radiation measuring instruments (9030) may carry a
   sealed source under the equipment's own heading: yellow, red when the route touches a
   marked place or the consignee was never seen before;
4. metal scrap (7204, 7404, 7602, ...) gets a small score with no lane: orphan sources turn up
   in scrap and the radiation portal monitor should see it.
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
    word_pattern,
)
from portcontrol.core.risk.indicators.first_seen import first_seen_lines
from portcontrol.core.risk.indicators.high_risk_route import route_matches
from portcontrol.core.risk.reasons import Lane, Target, Threat

NAME = "radioactive"
THREAT = Threat.NUCLEAR
WEIGHT = 60.0
LANE = Lane.RED
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Radioactive material (2844, 2845, 8401), sources in 9022/9030 equipment, metal scrap"

MATERIAL = {
    "2844": "radioactive elements and isotopes",
    "2845": "isotopes or heavy water",
    "8401": "nuclear reactor parts or fuel elements",
}
EQUIPMENT = {
    "9022": "X-ray or radiation apparatus",
    "9030": "radiation measuring instrument",
}
SCRAP = {
    "7204": "ferrous scrap",
    "7404": "copper scrap",
    "7503": "nickel scrap",
    "7602": "aluminium scrap",
    "7802": "lead scrap",
    "7902": "zinc scrap",
    "8002": "tin scrap",
}
MEDICAL_SUBHEADINGS = ("284443", "284444")
MEDICAL_FACTOR = 0.3
EQUIPMENT_FACTOR = 0.4
EQUIPMENT_RED_FACTOR = 0.8
SCRAP_FACTOR = 0.1
MEDICAL_WORDS = word_pattern(
    [
        "radiopharmac*", "nuclear medicine", "Tc-99m", "Tc99m", "technetium*", "Mo-99", "Mo99",
        "I-131", "iodine-131", "F-18", "FDG", "Lu-177", "Ga-68", "hospital*", "clinic*",
        "радиофармпрепарат*", "радиофармацевт*", "технеци*", "ядерной медицин*", "больниц*",
        "клиник*", "медицинск*", "radiofarmak*", "xəstəxana*",
    ]
)  # fmt: skip
MEDICAL_CONSIGNEE = (
    r"(?i)\b(?:med\w*|pharm\w*|farm\b|farma\w*|hospital\w*|clinic\w*|"
    r"клиник\w*|больниц\w*|госпитал\w*|мед\w*|фарм\w*|xəstəxana\w*)"
)


@cache
def _kind_table() -> pl.DataFrame:
    rows = [(code, what, "material") for code, what in MATERIAL.items()]
    rows += [(code, what, "equipment") for code, what in EQUIPMENT.items()]
    rows += [(code, what, "scrap") for code, what in SCRAP.items()]
    return pl.DataFrame(rows, schema=["heading", "what", "kind"], orient="row")


def may_fire(frames: Frames, context: IndicatorContext) -> pl.Expr:
    """True on lines under a heading of the table: no other line can fire."""
    return _lines_that_may_fire()


@cache
def _lines_that_may_fire() -> pl.Expr:
    """The test of ``may_fire``, built once."""
    headings = [*MATERIAL, *EQUIPMENT, *SCRAP]
    return pl.col("hs_code").fill_null("").str.slice(0, 4).is_in(headings)


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines of radioactive material, equipment that may hold a source, or metal scrap."""
    lines = frames.consignment_frame()
    candidates = lines.with_columns(
        pl.col("hs_code").fill_null("").str.slice(0, 4).alias("heading")
    )
    candidates = candidates.join(_kind_table(), on="heading", how="inner")
    if candidates.is_empty():
        return empty_raw()
    risky = route_matches(candidates, context.high_risk_places).select(
        "line_id", pl.lit(True).alias("risky_route")
    )
    new_consignee = (
        first_seen_lines(candidates, context.known_parties)
        .filter(pl.col("role") == "consignee")
        .select("line_id", pl.lit(True).alias("new_consignee"))
        .unique()
        if context.known_parties is not None
        else pl.DataFrame(schema={"line_id": pl.Int64, "new_consignee": pl.Boolean})
    )
    candidates = (
        candidates.join(risky, on="line_id", how="left")
        .join(new_consignee, on="line_id", how="left")
        .with_columns(pl.col("risky_route", "new_consignee").fill_null(False))
    )
    hs6 = pl.col("hs_code").str.slice(0, 6)
    medical = (
        hs6.is_in(MEDICAL_SUBHEADINGS)
        & (
            pl.col("description").fill_null("").str.contains(MEDICAL_WORDS)
            | pl.col("consignee_name").fill_null("").str.contains(MEDICAL_CONSIGNEE)
        )
        & ~pl.col("risky_route")
    )
    suspicious = pl.col("risky_route") | pl.col("new_consignee")
    kind = pl.col("kind")
    code = dotted(hs6)
    found = candidates.select(
        pl.col("line_id").alias("row_id"),
        pl.when(kind == "material")
        .then(
            pl.when(medical)
            .then(
                pl.format(
                    "medical isotopes (HS {}) declared as such: check licence and transport index",
                    code,
                )
            )
            .otherwise(pl.format("{} (HS {})", "what", code))
        )
        .when(kind == "equipment")
        .then(
            pl.format(
                "{} (HS {}) may hold a sealed radioactive source{}",
                "what",
                code,
                pl.when(pl.col("risky_route"))
                .then(pl.lit("; route touches a high-risk place"))
                .when(pl.col("new_consignee"))
                .then(pl.lit("; consignee never seen before"))
                .otherwise(pl.lit("")),
            )
        )
        .otherwise(
            pl.format("{} (HS {}): orphan radioactive sources turn up in scrap", "what", code)
        )
        .alias("label"),
        pl.when(kind == "material")
        .then(pl.when(medical).then(MEDICAL_FACTOR).otherwise(1.0))
        .when(kind == "equipment")
        .then(pl.when(suspicious).then(EQUIPMENT_RED_FACTOR).otherwise(EQUIPMENT_FACTOR))
        .otherwise(SCRAP_FACTOR)
        .alias("factor"),
        pl.when(kind == "material")
        .then(pl.when(medical).then(pl.lit(Lane.YELLOW.value)).otherwise(pl.lit(Lane.RED.value)))
        .when(kind == "equipment")
        .then(pl.when(suspicious).then(pl.lit(Lane.RED.value)).otherwise(pl.lit(Lane.YELLOW.value)))
        .otherwise(pl.lit(None, pl.Utf8))
        .alias("lane"),
        detail_json(kind=kind, medical=medical, hs6=hs6).alias("detail"),
    )
    return finish(found)
