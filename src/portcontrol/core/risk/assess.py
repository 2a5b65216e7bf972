"""Assessment: the hits of a target row combined into a score 0-100, a lane, a threat and reasons.

Score. Each reason contributes ``s`` in 0-100 (clipped). The contributions of one target row are
combined as independent pieces of evidence::

    score = 100 * (1 - prod(1 - s_i / 100))

One reason of 60 gives 60, two give 84, and the score never passes 100. Ten weak reasons of 10
give 65, less than one strong reason of 80: a pile of trivia does not outrank one serious
finding, while corroborating reasons still raise a score. The same reason (kind and key) found
twice on one row, say a watch-list entry matching both the shipper and the notify party, counts
once, at its strongest.

Lane. The most severe lane any reason proposes. When no reason proposes one, the score maps to
a lane through :class:`LanePolicy` thresholds (and with ``escalate`` the thresholds may also
raise a proposed lane). A row without hits scores 0 in the green lane.

Propagation to cargo units. The targeting queue works per cargo unit (one unit is opened, not
one goods line), so a cargo unit's assessment also carries the hits of the consignment lines it
carries and of the persons driving it (joined on the vehicle plate). Such reasons keep their
kind, key and score and say where they came from in ``detail["via"]`` ("consignment line 12",
"driver 7"); one reason reached through several lines counts once, so a container with three
lines of the same suspect goods is not three times as suspect.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from portcontrol.core.risk.reasons import HITS_SCHEMA, Lane, Target

REASON_FIELDS = ("kind", "key", "label", "score", "lane", "threat", "detail")
REASON_STRUCT = pl.Struct({name: HITS_SCHEMA[name] for name in REASON_FIELDS})

# One row per target row: what ``combine`` returns.
ASSESSMENT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "target": pl.Utf8,
    "row_id": pl.Int64,
    "score": pl.Float64,
    "lane": pl.Utf8,
    "threat": pl.Utf8,
    "reasons": pl.List(REASON_STRUCT),
}

# Which source row reaches which cargo unit, and how to say it ("consignment line", "driver").
LINKS_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "unit_id": pl.Int64,
    "source": pl.Utf8,
    "source_row_id": pl.Int64,
    "via": pl.Utf8,
}

SEVERITY = {lane.value: lane.severity for lane in Lane}
LANE_OF_SEVERITY = {lane.severity: lane.value for lane in Lane}
PLURAL = {"consignment line": "consignment lines", "driver": "drivers", "person": "persons"}


@dataclass(frozen=True, slots=True)
class LanePolicy:
    """Score thresholds giving a lane when no reason proposes one."""

    # lane -> lowest score that puts a target in it; the most severe lane reached wins
    thresholds: Mapping[Lane, float] = field(
        default_factory=lambda: {Lane.RED: 80.0, Lane.YELLOW: 50.0, Lane.BLUE: 25.0}
    )
    # when True, a score past a threshold also raises a less severe proposed lane
    escalate: bool = False

    def lane_for(self, score: float) -> Lane:
        """The lane of a score by thresholds alone.

        >>> LanePolicy().lane_for(85.0), LanePolicy().lane_for(10.0)
        (<Lane.RED: 'red'>, <Lane.GREEN: 'green'>)
        """
        reached = [lane for lane, low in self.thresholds.items() if score >= low]
        return max(reached, key=lambda lane: lane.severity, default=Lane.GREEN)

    def severity_expr(self, score: pl.Expr) -> pl.Expr:
        """The severity (3 red .. 0 green) the thresholds give a score column."""
        expression = pl.lit(0, dtype=pl.Int8)
        # from the least to the most severe, so the most severe threshold reached wins
        for lane, low in sorted(self.thresholds.items(), key=lambda item: item[0].severity):
            expression = (
                pl.when(score >= low).then(pl.lit(lane.severity, pl.Int8)).otherwise(expression)
            )
        return expression


def _severity(lane: pl.Expr) -> pl.Expr:
    return lane.replace_strict(SEVERITY, default=None, return_dtype=pl.Int8)


def _lane(severity: pl.Expr) -> pl.Expr:
    return severity.replace_strict(LANE_OF_SEVERITY, default=None, return_dtype=pl.Utf8)


def _typed(
    frame: pl.DataFrame, schema: Mapping[str, pl.DataType | type[pl.DataType]]
) -> pl.DataFrame:
    """The columns of ``schema``, in its order and with its types."""
    return frame.select(pl.col(name).cast(dtype) for name, dtype in schema.items())


def _normalised(hits: pl.DataFrame) -> pl.DataFrame:
    """Hits with the schema's types, scores clipped to 0-100 and lanes checked."""
    hits = _typed(hits, HITS_SCHEMA)
    unknown = hits.filter(pl.col("lane").is_not_null() & ~pl.col("lane").is_in(list(SEVERITY)))
    if unknown.height:
        raise ValueError(f"unknown lane {unknown['lane'][0]!r} in hits of {unknown['key'][0]!r}")
    return hits.with_columns(pl.col("score").fill_null(0.0).clip(0.0, 100.0))


KEYS = ["target", "row_id", "kind", "key"]


def _lean(hits: pl.DataFrame) -> pl.DataFrame:
    """What ranking needs of each hit; its texts stay behind, found again by ``hit``."""
    return hits.select(
        *KEYS,
        "score",
        _severity(pl.col("lane")).alias("severity"),
        # breaks ties between equal scores so that the input order of hits does not matter
        pl.struct("label", "threat", "detail").hash(seed=0).alias("tie"),
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("hit"),
        pl.lit(None, dtype=pl.Utf8).alias("via"),
        pl.lit(None, dtype=pl.Int64).alias("via_row_id"),
    )


def _propagated(lean: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Hits of consignment lines and persons restated on the cargo units they reach."""
    reached = lean.drop("via", "via_row_id").join(
        links,
        left_on=["target", "row_id"],
        right_on=["source", "source_row_id"],
        how="inner",
    )
    return reached.select(
        pl.lit(Target.CARGO_UNIT.value).alias("target"),
        pl.col("unit_id").alias("row_id"),
        "kind",
        "key",
        "score",
        "severity",
        "tie",
        "hit",
        "via",
        pl.col("row_id").alias("via_row_id"),
    )


def _via_texts(propagated: pl.DataFrame) -> pl.DataFrame:
    """One text per (target row, reason) naming the rows it came through."""
    pieces = (
        propagated.filter(pl.col("via").is_not_null())
        .group_by([*KEYS, "via"])
        .agg(pl.col("via_row_id").unique().sort().cast(pl.Utf8))
        .with_columns(
            pl.concat_str(
                pl.when(pl.col("via_row_id").list.len() > 1)
                .then(pl.col("via").replace(PLURAL))
                .otherwise(pl.col("via")),
                pl.col("via_row_id").list.join(", "),
                separator=" ",
            ).alias("via_text")
        )
        .sort("via")
    )
    return pieces.group_by(KEYS).agg(pl.col("via_text").str.join("; "))


def _with_via(detail: pl.Expr, via: pl.Expr) -> pl.Expr:
    """The detail JSON object with a "via" member in front (wrapped if it was not an object)."""
    via_object = pl.struct(via.alias("via")).struct.json_encode()
    is_object = detail.str.starts_with("{") & (detail.str.strip_chars() != "{}")
    merged = pl.concat_str(via_object.str.strip_suffix("}"), pl.lit(","), detail.str.slice(1))
    wrapped = pl.struct(via.alias("via"), detail.alias("detail")).struct.json_encode()
    return (
        pl.when(via.is_null())
        .then(detail)
        .when(detail.is_null() | (detail.str.strip_chars().is_in(["", "{}"])))
        .then(via_object)
        .when(is_object)
        .then(merged)
        .otherwise(wrapped)
    )


def _collapsed(hits: pl.DataFrame, links: pl.DataFrame | None) -> pl.DataFrame:
    """One reason per (target row, kind, key): the strongest, with the most severe lane.

    Most reasons are alone on their row, so only the repeated ones are sorted and grouped;
    the texts (label, threat, detail) are gathered once at the end by hit number.
    """
    lean = _lean(hits)
    every = lean
    if links is not None and links.height and hits.height:
        every = pl.concat([lean, _propagated(lean, _typed(links, LINKS_SCHEMA))], how="vertical")
    repeated = every.select(pl.struct(KEYS).is_duplicated()).to_series()
    alone = every.filter(~repeated).select(
        *KEYS,
        "score",
        "severity",
        "hit",
        pl.concat_str("via", pl.col("via_row_id").cast(pl.Utf8), separator=" ").alias("via_text"),
    )
    collapsed = alone
    if repeated.any():
        several = every.filter(repeated)
        grouped = (
            several.sort(
                ["score", "severity", "tie"], descending=[True, True, False], nulls_last=True
            )
            .group_by(KEYS, maintain_order=True)
            .agg(pl.col("score").first(), pl.col("severity").max(), pl.col("hit").first())
            .join(_via_texts(several), on=KEYS, how="left")
        )
        collapsed = pl.concat([alone, grouped], how="vertical")
    texts = hits.select("label", "threat", "detail")[collapsed["hit"]]
    reasons = pl.concat([collapsed, texts], how="horizontal").with_columns(
        lane=_lane(pl.col("severity"))
    )
    columns = (*KEYS, "label", "score", "lane", "threat", "detail", "severity")
    if reasons.get_column("via_text").null_count() == reasons.height:
        return reasons.select(columns)  # no reason came through another row
    # JSON surgery only where a reason came through another row
    reached = pl.col("via_text").is_not_null()
    return pl.concat(
        [
            reasons.filter(~reached),
            reasons.filter(reached).with_columns(
                detail=_with_via(pl.col("detail"), pl.col("via_text"))
            ),
        ],
        how="vertical",
    ).select(columns)


def target_frame(targets: Mapping[Target, pl.Series]) -> pl.DataFrame:
    """The rows to assess, target by target, in the order given."""
    if not targets:
        return pl.DataFrame(schema={"target": pl.Utf8, "row_id": pl.Int64})
    # Two columns built apart and put side by side: no frame operation per target.
    names: list[str] = []
    for target, ids in targets.items():
        names.extend([target.value] * len(ids))
    row_ids = pl.concat([pl.Series(ids).cast(pl.Int64) for ids in targets.values()])
    return pl.DataFrame([pl.Series("target", names, dtype=pl.Utf8), row_ids.alias("row_id")])


def combine(
    hits: pl.DataFrame,
    targets: Mapping[Target, pl.Series],
    *,
    links: pl.DataFrame | None = None,
    policy: LanePolicy | None = None,
) -> pl.DataFrame:
    """One assessment per target row: score 0-100, lane, threat and reasons by contribution.

    Steps:

    1. cast the hits to ``HITS_SCHEMA``, clip scores to 0-100, refuse unknown lanes;
    2. restate the hits of consignment lines and persons on the cargo units ``links`` names
       (see :func:`cargo_unit_links`), remembering the rows they came through;
    3. keep one reason per (target row, kind, key): the highest score, the most severe lane;
    4. per target row, in one group-by: score ``100 * (1 - prod(1 - s/100))``, the most severe
       proposed lane, the threat of the strongest reason naming one, and the reasons sorted by
       contribution (ties: more severe lane first, then kind and key);
    5. left-join onto every target row: rows without hits get score 0, no reasons, green; rows
       whose reasons propose no lane get the lane of their score under ``policy``.

    >>> hits = pl.DataFrame(
    ...     {"target": ["consignment"] * 2, "row_id": [0, 0], "kind": ["profile", "indicator"],
    ...      "key": ["P1", "vague"], "label": ["a", "b"], "score": [60.0, 60.0],
    ...      "lane": ["yellow", None], "threat": ["drugs", None], "detail": [None, None]},
    ...     schema=HITS_SCHEMA)
    >>> result = combine(hits, {Target.CONSIGNMENT: pl.Series([0, 1])})
    >>> result.select("row_id", "score", "lane", "threat").rows()
    [(0, 84.0, 'yellow', 'drugs'), (1, 0.0, 'green', None)]
    """
    policy = policy or LanePolicy()
    rows = target_frame(targets)
    collapsed = _collapsed(_normalised(hits), links)
    ranked = collapsed.sort(
        ["target", "row_id", "score", "severity", "kind", "key"],
        descending=[False, False, True, True, False, False],
        nulls_last=True,
    )
    per_row = ranked.group_by(["target", "row_id"], maintain_order=True).agg(
        (100.0 * (1.0 - (1.0 - pl.col("score") / 100.0).product())).alias("score"),
        pl.col("severity").max().alias("proposed"),
        pl.col("threat").drop_nulls().first().alias("threat"),
        pl.struct(*REASON_FIELDS).alias("reasons"),
    )
    assessed = rows.join(per_row, on=["target", "row_id"], how="left", maintain_order="left")
    score = pl.col("score").fill_null(0.0).round(2)
    # The lane by score reads the score as reported: filled and rounded.
    by_score = policy.severity_expr(score)
    severity = pl.col("proposed").fill_null(by_score)
    if policy.escalate:
        severity = pl.max_horizontal(severity, by_score)
    return assessed.select(
        "target",
        "row_id",
        score.alias("score"),
        _lane(severity).alias("lane"),
        "threat",
        pl.col("reasons").fill_null(pl.lit([], dtype=pl.List(REASON_STRUCT))),
    )


def _plate(column: str) -> pl.Expr:
    """A vehicle plate compared without spaces, hyphens or case ("34 KKD 407" = "34kkd407")."""
    return pl.col(column).str.to_uppercase().str.replace_all(r"[^0-9A-Z\p{L}]", "").alias("plate")


def cargo_unit_links(
    consignments: pl.DataFrame, cargo_units: pl.DataFrame, persons: pl.DataFrame
) -> pl.DataFrame:
    """Which consignment lines and drivers reach which cargo unit (``LINKS_SCHEMA``).

    A line reaches every cargo unit it names on the same voyage; a person reaches the cargo
    units of the same voyage whose vehicle plate they declared (drivers, as a rule).
    """
    units = cargo_units.select("unit_id", "voyage_number", "identifier", _plate("vehicle_plate"))
    carried = (
        consignments.select("line_id", "voyage_number", "cargo_unit_ids")
        .explode("cargo_unit_ids")
        .join(
            units,
            left_on=["voyage_number", "cargo_unit_ids"],
            right_on=["voyage_number", "identifier"],
            how="inner",
        )
        .select(
            "unit_id",
            pl.lit(Target.CONSIGNMENT.value).alias("source"),
            pl.col("line_id").alias("source_row_id"),
            pl.lit("consignment line").alias("via"),
        )
    )
    if persons.is_empty():
        return _typed(carried, LINKS_SCHEMA).unique(maintain_order=True)
    driven = (
        persons.select("person_id", "voyage_number", "role", _plate("vehicle_plate"))
        .filter(pl.col("plate").str.len_chars() > 0)
        .join(
            units.filter(pl.col("plate").str.len_chars() > 0),
            on=["voyage_number", "plate"],
            how="inner",
        )
        .select(
            "unit_id",
            pl.lit(Target.PERSON.value).alias("source"),
            pl.col("person_id").alias("source_row_id"),
            pl.when(pl.col("role") == "driver")
            .then(pl.lit("driver"))
            .otherwise(pl.lit("person"))
            .alias("via"),
        )
    )
    return _typed(pl.concat([carried, driven], how="vertical"), LINKS_SCHEMA).unique(
        maintain_order=True
    )


def detail_of(text: str | None) -> dict[str, str]:
    """The detail JSON of a reason as a dict of texts (anything else kept under "detail").

    >>> detail_of('{"via": "consignment line 3", "share": 0.5}')
    {'via': 'consignment line 3', 'share': '0.5'}
    """
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"detail": text}
    if isinstance(value, dict):
        return {
            str(key): item if isinstance(item, str) else json.dumps(item)
            for key, item in value.items()
        }
    return {"detail": text}
