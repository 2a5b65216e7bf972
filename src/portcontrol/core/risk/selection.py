"""Selection to capacity: the day's inspections per lane, with a random share for fair hit rates.

A unit can open only so many cargo units a day. Selection takes the highest-scored targets of
each lane up to the lane's capacity, less a reserve that is filled by uniform random draws over
everything not otherwise selected (green included). Random picks are marked, so that the hit
rate of the random share estimates the rate of the whole traffic without the bias of targeting.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from portcontrol.core.risk.assess import REASON_STRUCT, SEVERITY
from portcontrol.core.risk.reasons import Lane, ReasonKind

RANDOM_LABEL = "Chosen at random, so that hit rates can be measured without bias"

SELECTION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "day": pl.Date,
    "target": pl.Utf8,
    "row_id": pl.Int64,
    "lane": pl.Utf8,  # the lane the target is selected for
    "assessed_lane": pl.Utf8,  # the lane of its assessment
    "score": pl.Float64,
    "threat": pl.Utf8,
    "random": pl.Boolean,
    "rank": pl.Int64,  # 1.. within the selected lane: scored picks by score, then random ones
    "reasons": pl.List(REASON_STRUCT),
}


@dataclass(frozen=True, slots=True)
class Capacity:
    """Inspections a unit can carry out per day, per lane (green needs none and is ignored)."""

    per_lane: Mapping[Lane, int] = field(
        default_factory=lambda: {Lane.RED: 20, Lane.YELLOW: 40, Lane.BLUE: 0}
    )
    # random picks per lane with capacity, at least, however small the share
    minimum_random: int = 1

    def lanes(self) -> list[Lane]:
        """Lanes with capacity, the most severe first."""
        return sorted(
            (lane for lane, count in self.per_lane.items() if lane is not Lane.GREEN and count > 0),
            key=lambda lane: -lane.severity,
        )

    def reserve(self, lane: Lane, random_share: float) -> int:
        """Places of ``lane`` kept for random picks: the share rounded up, the minimum at least.

        >>> Capacity({Lane.RED: 20}).reserve(Lane.RED, 0.05), Capacity({Lane.RED: 20}).reserve(
        ...     Lane.RED, 0.01)
        (1, 1)
        >>> Capacity({Lane.RED: 20}, minimum_random=0).reserve(Lane.RED, 0.12)
        3
        """
        total = self.per_lane.get(lane, 0)
        if lane is Lane.GREEN or total <= 0:
            return 0
        # rounded first so that 0.07 * 100 is 7, not 8
        share = math.ceil(round(random_share * total, 9))
        return min(total, max(share, self.minimum_random))


@dataclass(frozen=True, slots=True)
class Selection:
    """The day's selected targets and the pressure left: what did not fit, what was unused."""

    day: date
    frame: pl.DataFrame  # SELECTION_SCHEMA, one row per selected target
    overflow: dict[Lane, int]  # assessed in the lane, selected nowhere
    unused: dict[Lane, int]  # capacity left free (not enough targets to fill it)
    reserve: dict[Lane, int]  # places kept for random picks


def _random_reasons(lane: pl.Expr, seed: int, day: date) -> pl.Expr:
    detail = json.dumps({"seed": str(seed), "day": day.isoformat()})
    reason = pl.struct(
        pl.lit(ReasonKind.RANDOM.value).alias("kind"),
        pl.lit("random").alias("key"),
        pl.lit(RANDOM_LABEL).alias("label"),
        pl.lit(0.0).alias("score"),
        lane.alias("lane"),
        pl.lit(None, dtype=pl.Utf8).alias("threat"),
        pl.lit(detail).alias("detail"),
    )
    return pl.concat_list(pl.col("reasons"), reason)


def _draw(pool_size: int, count: int, seed: int, day: date) -> list[int]:
    """``count`` distinct positions out of ``pool_size``, the same for the same seed and day."""
    # a text seed goes through SHA-512 in ``random``: stable across runs and Python versions
    generator = random.Random(f"portcontrol-selection:{seed}:{day.isoformat()}")
    return generator.sample(range(pool_size), k=min(count, pool_size))


def select(
    assessments: pl.DataFrame,
    capacity: Capacity,
    *,
    random_share: float,
    seed: int,
    day: date,
) -> Selection:
    """Select the day's inspections from assessments (``target``, ``row_id``, ``score``, ``lane``).

    Steps:

    1. sort the assessments by target and row id, so the outcome does not depend on input order;
    2. per lane with capacity (red, yellow, blue), keep ``reserve`` places for random picks: the
       ``random_share`` of the capacity rounded up, at least ``capacity.minimum_random``;
    3. per lane, take the targets assessed in it by score, highest first (ties by target and row
       id), up to capacity minus reserve; green is never taken by score;
    4. the pool is every target not taken in step 3, green and above-capacity ones included;
       draw the reserves of all lanes, most severe lane first, uniformly without replacement
       from the pool, with a generator seeded by ``seed`` and ``day``;
    5. mark those random, select them for the lane whose reserve they fill and add a reason of
       kind ``random``;
    6. report per lane the overflow (assessed there, selected nowhere), the unused capacity (too
       few targets for the scored places, or too small a pool for the reserve) and the reserves.
    """
    if not 0.0 <= random_share <= 1.0:
        raise ValueError(f"random share {random_share} is not between 0 and 1")
    lanes = capacity.lanes()
    reserve = {lane: capacity.reserve(lane, random_share) for lane in lanes}
    quota = {lane.value: capacity.per_lane[lane] - reserve[lane] for lane in lanes}
    if "reasons" not in assessments.columns:
        assessments = assessments.with_columns(reasons=pl.lit([], dtype=pl.List(REASON_STRUCT)))
    if "threat" not in assessments.columns:
        assessments = assessments.with_columns(threat=pl.lit(None, dtype=pl.Utf8))
    ordered = (
        assessments.select(
            pl.col("target").cast(pl.Utf8),
            pl.col("row_id").cast(pl.Int64),
            pl.col("score").cast(pl.Float64).fill_null(0.0),
            pl.col("lane").cast(pl.Utf8).fill_null(Lane.GREEN.value),
            pl.col("threat").cast(pl.Utf8),
            pl.col("reasons"),
        )
        .sort(["target", "row_id"])
        .with_row_index("position")
    )
    if ordered.select(pl.struct("target", "row_id").is_duplicated().any()).item():
        raise ValueError("assessments name a target row twice")
    ranked = ordered.with_columns(
        rank=pl.col("score").rank("ordinal", descending=True).over("lane").cast(pl.Int64),
        quota=pl.col("lane").replace_strict(quota, default=0, return_dtype=pl.Int64),
    )
    scored = ranked.filter(pl.col("rank") <= pl.col("quota")).with_columns(
        pl.col("lane").alias("assessed_lane"), random=pl.lit(False)
    )
    pool = ranked.filter(pl.col("rank") > pl.col("quota"))
    positions = _draw(pool.height, sum(reserve.values()), seed, day)
    reserve_lanes = [lane.value for lane in lanes for _ in range(reserve[lane])]
    drawn = (
        pool.select(pl.exclude("rank", "quota"))[positions]
        .with_columns(
            pl.col("lane").alias("assessed_lane"),
            pl.Series("lane", reserve_lanes[: len(positions)], dtype=pl.Utf8),
            random=pl.lit(True),
        )
        .with_columns(
            reasons=_random_reasons(pl.col("lane"), seed, day),
            rank=pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("lane"),
        )
    )
    taken = scored.group_by("lane").len()
    taken_by_lane = dict(zip(taken["lane"], taken["len"], strict=True))
    drawn = drawn.with_columns(
        pl.col("rank")
        + pl.col("lane").replace_strict(taken_by_lane, default=0, return_dtype=pl.Int64)
    )
    columns = [name for name in SELECTION_SCHEMA if name != "day"]
    frame = (
        pl.concat([scored.select(columns), drawn.select(columns)], how="vertical")
        .with_columns(pl.lit(day, dtype=pl.Date).alias("day"))
        .select(list(SELECTION_SCHEMA))
        .sort(
            pl.col("lane").replace_strict(SEVERITY, default=0, return_dtype=pl.Int8),
            "rank",
            descending=[True, False],
        )
    )
    return Selection(
        day=day,
        frame=frame,
        overflow=_overflow(ordered, frame),
        unused=_unused(frame, capacity, lanes),
        reserve=reserve,
    )


def _overflow(ordered: pl.DataFrame, frame: pl.DataFrame) -> dict[Lane, int]:
    """Per non-green lane, targets assessed there and selected nowhere."""
    left = ordered.join(frame.select("target", "row_id"), on=["target", "row_id"], how="anti")
    counts = left.group_by("lane").len()
    by_lane = dict(zip(counts["lane"], counts["len"], strict=True))
    return {lane: int(by_lane.get(lane.value, 0)) for lane in Lane if lane is not Lane.GREEN}


def _unused(frame: pl.DataFrame, capacity: Capacity, lanes: list[Lane]) -> dict[Lane, int]:
    counts = frame.group_by("lane").len()
    by_lane = dict(zip(counts["lane"], counts["len"], strict=True))
    return {lane: capacity.per_lane[lane] - int(by_lane.get(lane.value, 0)) for lane in lanes}
