"""Invalid or repaired identifiers: the warning codes that validation left on a line or unit.

A wrong check digit in a container or IMO number is either a typing slip or a number that
belongs to another box or ship (cloned or painted-over numbers); a number that had to be
repaired (Cyrillic look-alike letters, a lost leading zero of an HS code) says the data were
typed by hand. The codes come from :mod:`portcontrol.core.validation` and
:mod:`portcontrol.core.identifiers`.

Steps:

1. the ``issue_codes`` of each consignment line (its own and its cargo units') and of each cargo
   unit are matched against the table below;
2. each target gets one hit naming all its matched codes; the strongest sets score and lane:
   invalid check digits yellow, repairs a small score with no lane.
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
)
from portcontrol.core.risk.reasons import Lane, Target, Threat, detail_text

NAME = "identifiers"
THREAT = Threat.OTHER
WEIGHT = 15.0
LANE = Lane.YELLOW
TARGET = Target.CONSIGNMENT
DESCRIPTION = "Invalid (wrong check digit, unknown code) or repaired identifiers"

# code -> (what it means, factor, lane)
ISSUES: dict[str, tuple[str, float, Lane | None]] = {
    "container.check_digit": ("container number with a wrong check digit", 1.0, Lane.YELLOW),
    "container.format": ("cargo unit number not in ISO 6346 form", 0.4, None),
    "container.cyrillic_letters": ("container number typed with Cyrillic letters", 0.2, None),
    "container.letter_digit_confusion": (
        "container number with letters and digits mixed up",
        0.3,
        None,
    ),
    "imo.check_digit": ("IMO number with a wrong check digit", 0.8, Lane.YELLOW),
    "imo.invalid": ("IMO number not valid", 0.6, None),
    "tax_id.invalid": ("party tax identifier not valid", 0.5, None),
    "hs.previous_edition": ("HS code of a previous edition", 0.2, None),
    "hs.unknown": ("HS code not in HS 2022", 0.5, None),
    "hs.invalid": ("HS code not valid", 0.5, None),
    "hs.leading_zero": ("HS code with its leading zero lost", 0.1, None),
    "hs.trailing_zero": ("HS code with its trailing zero lost", 0.1, None),
    "locode.unknown": ("place code not in UN/LOCODE", 0.2, None),
}


@cache
def _table() -> pl.DataFrame:
    return pl.DataFrame(
        [
            (code, what, factor, lane.value if lane else None, lane.severity if lane else -1)
            for code, (what, factor, lane) in ISSUES.items()
        ],
        schema=[
            ("code", pl.Utf8),
            ("what", pl.Utf8),
            ("factor", pl.Float64),
            ("lane", pl.Utf8),
            ("severity", pl.Int64),
        ],
        orient="row",
    )


def _hits(frame: pl.DataFrame, id_column: str, target: Target) -> pl.DataFrame:
    # Most rows carry no issue code: one look at the column before any frame is built.
    if not (frame.get_column("issue_codes").list.len() > 0).any():
        return empty_raw().with_columns(pl.lit(None, pl.Utf8).alias("target"))
    coded = (
        frame.select(pl.col(id_column).alias("row_id"), pl.col("issue_codes").alias("code"))
        .filter(pl.col("code").list.len() > 0)
        .explode("code")
        .unique()
        .join(_table(), on="code", how="inner")
    )
    if coded.is_empty():
        return empty_raw().with_columns(pl.lit(None, pl.Utf8).alias("target"))
    return (
        # The code last: codes of equal weight are named in one order, whatever the input's.
        coded.sort("row_id", "severity", "factor", "code", descending=[False, True, True, False])
        .group_by("row_id", maintain_order=True)
        .agg(
            pl.col("what").str.join("; ").alias("label"),
            pl.col("factor").first(),
            pl.col("lane").first(),
            pl.col("code").str.join(",").alias("codes"),
        )
        .select(
            "row_id",
            "label",
            "factor",
            "lane",
            detail_json(codes=pl.col("codes")).alias("detail"),
            pl.lit(target.value).alias("target"),
        )
    )


def may_fire(frames: Frames, context: IndicatorContext) -> pl.Expr | bool:
    """True on lines with an issue code; always when a cargo unit has one."""
    if (frames.cargo_unit_frame().get_column("issue_codes").list.len() > 0).any():
        return True
    return pl.col("issue_codes").list.len() > 0


def records(frames: Frames, context: IndicatorContext) -> list[dict[str, object]]:
    """The raw hits of ``run`` for a few lines, in plain Python (the same hits)."""
    found = []
    for frame, id_column, target in (
        (frames.consignment_frame(), "line_id", Target.CONSIGNMENT),
        (frames.cargo_unit_frame(), "unit_id", Target.CARGO_UNIT),
    ):
        for row_id, codes in frame.select(id_column, "issue_codes").iter_rows():
            known = sorted(
                {code for code in codes or () if code in ISSUES},
                key=lambda code: (-_severity(code), -ISSUES[code][1], code),
            )
            if not known:
                continue
            _, factor, lane = ISSUES[known[0]]
            found.append(
                {
                    "row_id": row_id,
                    "label": "; ".join(ISSUES[code][0] for code in known),
                    "factor": factor,
                    "lane": lane.value if lane else None,
                    "detail": detail_text({"codes": ",".join(known)}),
                    "target": target.value,
                }
            )
    return found


def _severity(code: str) -> int:
    lane = ISSUES[code][2]
    return lane.severity if lane else -1


def run(frames: Frames, context: IndicatorContext) -> pl.DataFrame:
    """Lines and cargo units whose identifiers were invalid or had to be repaired."""
    found = [
        _hits(frames.consignment_frame(), "line_id", Target.CONSIGNMENT),
        _hits(frames.cargo_unit_frame(), "unit_id", Target.CARGO_UNIT),
    ]
    if all(part.is_empty() for part in found):
        return empty_raw()
    return finish(pl.concat(found, how="vertical_relaxed"), "target")
