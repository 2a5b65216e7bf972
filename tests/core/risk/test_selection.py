"""Selection to capacity: scored picks per lane, a marked random share, determinism, overflow."""

import json
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portcontrol.core.risk.reasons import Lane
from portcontrol.core.risk.selection import SELECTION_SCHEMA, Capacity, select

DAY = date(2025, 3, 3)


def assessments(rows: list[tuple[int, float, str]], target: str = "cargo_unit") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "target": [target] * len(rows),
            "row_id": [row_id for row_id, _, _ in rows],
            "score": [score for _, score, _ in rows],
            "lane": [lane for _, _, lane in rows],
        },
        schema={"target": pl.Utf8, "row_id": pl.Int64, "score": pl.Float64, "lane": pl.Utf8},
    )


def traffic(red: int, yellow: int, green: int) -> pl.DataFrame:
    """Red rows score 90-99, yellow 50-59, green 0-9, row ids in that order."""
    rows = [(n, 90.0 + n % 10, "red") for n in range(red)]
    rows += [(red + n, 50.0 + n % 10, "yellow") for n in range(yellow)]
    rows += [(red + yellow + n, float(n % 10), "green") for n in range(green)]
    return assessments(rows)


def picks(frame: pl.DataFrame, lane: str, random: bool) -> pl.DataFrame:
    return frame.filter((pl.col("lane") == lane) & (pl.col("random") == random))


def test_capacity_is_respected_per_lane():
    result = select(
        traffic(50, 100, 500),
        Capacity({Lane.RED: 20, Lane.YELLOW: 40}),
        random_share=0.1,
        seed=1,
        day=DAY,
    )
    counts = dict(result.frame.group_by("lane").len().rows())
    assert counts == {"red": 20, "yellow": 40}
    assert result.frame.schema == SELECTION_SCHEMA


def test_scored_picks_are_the_highest_scores_of_their_lane():
    frame = traffic(50, 0, 100)
    result = select(frame, Capacity({Lane.RED: 10}), random_share=0.2, seed=1, day=DAY)
    scored = picks(result.frame, "red", random=False)
    assert scored.height == 8
    left = frame.filter(pl.col("lane") == "red").join(scored, on=["target", "row_id"], how="anti")
    assert scored["score"].min() >= left["score"].max()


def test_the_random_share_is_present_marked_and_explained():
    result = select(
        traffic(50, 100, 500),
        Capacity({Lane.RED: 20, Lane.YELLOW: 40}),
        random_share=0.1,
        seed=1,
        day=DAY,
    )
    assert result.reserve == {Lane.RED: 2, Lane.YELLOW: 4}
    drawn = result.frame.filter(pl.col("random"))
    assert dict(drawn.group_by("lane").len().rows()) == {"red": 2, "yellow": 4}
    for row in drawn.iter_rows(named=True):
        last = row["reasons"][-1]
        assert (last["kind"], last["key"], last["lane"]) == ("random", "random", row["lane"])
        assert json.loads(last["detail"]) == {"seed": "1", "day": "2025-03-03"}
    assert not any(
        reason["kind"] == "random"
        for reasons in result.frame.filter(~pl.col("random"))["reasons"]
        for reason in reasons
    )


def test_random_picks_can_be_green_and_keep_their_assessed_lane():
    result = select(traffic(0, 0, 1000), Capacity({Lane.RED: 5}), random_share=1.0, seed=4, day=DAY)
    assert result.frame.height == 5
    assert set(result.frame["assessed_lane"]) == {"green"}
    assert set(result.frame["lane"]) == {"red"} and result.frame["random"].all()


def test_a_small_share_still_gets_the_minimum_random_pick():
    capacity = Capacity({Lane.RED: 10}, minimum_random=2)
    result = select(traffic(30, 0, 30), capacity, random_share=0.01, seed=1, day=DAY)
    assert result.frame["random"].sum() == 2


def test_a_zero_share_and_zero_minimum_select_by_score_alone():
    capacity = Capacity({Lane.RED: 10}, minimum_random=0)
    result = select(traffic(30, 0, 30), capacity, random_share=0.0, seed=1, day=DAY)
    assert result.frame["random"].sum() == 0 and result.frame.height == 10


def test_the_same_seed_and_day_give_the_same_selection():
    frame = traffic(40, 80, 400)
    capacity = Capacity({Lane.RED: 20, Lane.YELLOW: 40})
    first = select(frame, capacity, random_share=0.2, seed=9, day=DAY)
    again = select(
        frame.sample(fraction=1.0, shuffle=True, seed=5),
        capacity,
        random_share=0.2,
        seed=9,
        day=DAY,
    )
    assert first.frame.equals(again.frame)


def test_another_seed_or_day_draws_other_random_picks():
    frame = traffic(40, 80, 4000)
    capacity = Capacity({Lane.RED: 20, Lane.YELLOW: 40})
    base = select(frame, capacity, random_share=0.25, seed=9, day=DAY)
    other_seed = select(frame, capacity, random_share=0.25, seed=10, day=DAY)
    other_day = select(frame, capacity, random_share=0.25, seed=9, day=date(2025, 3, 4))

    def drawn(result):
        return set(result.frame.filter(pl.col("random"))["row_id"])

    assert drawn(base) != drawn(other_seed)
    assert drawn(base) != drawn(other_day)


def test_overflow_reports_what_did_not_fit():
    result = select(
        traffic(50, 100, 500),
        Capacity({Lane.RED: 20, Lane.YELLOW: 40}),
        random_share=0.1,
        seed=1,
        day=DAY,
    )
    selected = result.frame.group_by("assessed_lane").len()
    chosen = dict(selected.rows())
    assert result.overflow[Lane.RED] == 50 - chosen["red"]
    assert result.overflow[Lane.YELLOW] == 100 - chosen.get("yellow", 0)
    assert result.overflow[Lane.BLUE] == 0
    assert result.unused == {Lane.RED: 0, Lane.YELLOW: 0}


def test_a_quiet_day_leaves_capacity_unused():
    result = select(traffic(3, 0, 0), Capacity({Lane.RED: 10}), random_share=0.1, seed=1, day=DAY)
    assert result.frame.height == 3
    assert result.unused == {Lane.RED: 7} and result.overflow[Lane.RED] == 0


def test_ranks_run_from_one_within_each_lane_scored_first():
    result = select(traffic(50, 0, 50), Capacity({Lane.RED: 10}), random_share=0.3, seed=1, day=DAY)
    assert result.frame["rank"].to_list() == list(range(1, 11))
    assert result.frame["random"].to_list() == [False] * 7 + [True] * 3


def test_a_share_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="random share"):
        select(traffic(1, 0, 0), Capacity(), random_share=1.5, seed=1, day=DAY)


def test_a_target_row_named_twice_is_refused():
    twice = assessments([(1, 90.0, "red"), (1, 80.0, "red")])
    with pytest.raises(ValueError, match="twice"):
        select(twice, Capacity(), random_share=0.1, seed=1, day=DAY)


def test_the_same_row_id_of_two_targets_is_two_rows():
    frame = pl.concat([traffic(5, 0, 0), traffic(5, 0, 0).with_columns(target=pl.lit("person"))])
    result = select(
        frame, Capacity({Lane.RED: 10}, minimum_random=0), random_share=0.0, seed=1, day=DAY
    )
    assert result.frame.height == 10


lanes = st.sampled_from(["red", "yellow", "blue", "green"])


@st.composite
def random_assessments(draw):
    count = draw(st.integers(0, 120))
    scores = draw(st.lists(st.floats(0, 100), min_size=count, max_size=count))
    chosen = draw(st.lists(lanes, min_size=count, max_size=count))
    row_ids = draw(st.permutations(range(count)))
    return assessments(list(zip(row_ids, scores, chosen, strict=True)))


capacities = st.builds(
    Capacity,
    st.fixed_dictionaries(
        {
            Lane.RED: st.integers(0, 30),
            Lane.YELLOW: st.integers(0, 30),
            Lane.BLUE: st.integers(0, 5),
        }
    ),
    minimum_random=st.integers(0, 3),
)


@settings(max_examples=150, deadline=None)
@given(random_assessments(), capacities, st.floats(0, 1), st.integers(0, 2**32))
def test_selection_properties(frame, capacity, share, seed):
    result = select(frame, capacity, random_share=share, seed=seed, day=DAY)
    selected = result.frame
    counts = dict(selected.group_by("lane").len().rows())
    for lane, total in capacity.per_lane.items():
        assert counts.get(lane.value, 0) <= total
        assert counts.get(lane.value, 0) + result.unused.get(lane, 0) == total or total == 0
    # no target twice: random picks never repeat a scored pick or each other
    assert not selected.select(pl.struct("target", "row_id").is_duplicated().any()).item()
    # every lane's random picks are its reserve, unless the pool ran dry
    pool = frame.height - (~selected["random"]).sum()
    drawn = selected["random"].sum()
    assert drawn == min(sum(result.reserve.values()), pool)
    # scored picks come from their own lane and beat every unselected row of it
    scored = selected.filter(~pl.col("random"))
    assert (scored["lane"] == scored["assessed_lane"]).all()
    assert "green" not in set(scored["lane"])
    left = frame.join(selected, on=["target", "row_id"], how="anti")
    for lane in set(scored["lane"]):
        lowest = scored.filter(pl.col("lane") == lane)["score"].min()
        others = left.filter(pl.col("lane") == lane)["score"]
        assert others.is_empty() or lowest >= others.max()
    # overflow is what was assessed in a lane and selected nowhere
    for lane, count in result.overflow.items():
        assert count == left.filter(pl.col("lane") == lane.value).height
    # deterministic for a seed, whatever the input order
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=seed % 1000)
    again = select(shuffled, capacity, random_share=share, seed=seed, day=DAY)
    assert again.frame.equals(selected)
