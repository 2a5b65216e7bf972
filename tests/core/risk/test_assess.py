"""Combining hits into assessments: saturation, lanes, reasons, propagation to cargo units."""

import json

import polars as pl
import pytest

from portcontrol.core.risk.assess import (
    ASSESSMENT_SCHEMA,
    LanePolicy,
    cargo_unit_links,
    combine,
    detail_of,
)
from portcontrol.core.risk.frame import (
    CARGO_UNIT_COLUMNS,
    PERSON_COLUMNS,
    cargo_unit_frame,
    consignment_frame,
    person_frame,
)
from portcontrol.core.risk.reasons import HITS_SCHEMA, Lane, Target, empty_hits
from portcontrol.core.scenario import generate_caspian


def hit(
    row_id: int,
    score: float,
    *,
    key: str = "P1",
    kind: str = "profile",
    lane: str | None = None,
    threat: str | None = None,
    target: str = "consignment",
    detail: str | None = None,
) -> dict[str, object]:
    return {
        "target": target,
        "row_id": row_id,
        "kind": kind,
        "key": key,
        "label": f"reason {key}",
        "score": score,
        "lane": lane,
        "threat": threat,
        "detail": detail,
    }


def hits(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=HITS_SCHEMA)


def lines(*row_ids: int) -> dict[Target, pl.Series]:
    return {Target.CONSIGNMENT: pl.Series(list(row_ids))}


def one(frame: pl.DataFrame, row_id: int, target: str = "consignment") -> dict[str, object]:
    return frame.filter((pl.col("target") == target) & (pl.col("row_id") == row_id)).row(
        0, named=True
    )


def test_a_single_reason_gives_its_own_score():
    result = combine(hits(hit(0, 40.0)), lines(0))
    assert one(result, 0)["score"] == 40.0


def test_scores_saturate_below_100():
    result = combine(hits(*(hit(0, 60.0, key=f"P{n}") for n in range(6))), lines(0))
    score = one(result, 0)["score"]
    assert 99.0 < score < 100.0


def test_two_reasons_combine_as_independent_evidence():
    result = combine(hits(hit(0, 50.0, key="A"), hit(0, 50.0, key="B")), lines(0))
    assert one(result, 0)["score"] == 75.0


def test_many_weak_reasons_stay_below_one_strong_reason():
    weak = [hit(0, 10.0, key=f"W{n}") for n in range(10)]
    result = combine(hits(*weak, hit(1, 80.0, key="S")), lines(0, 1))
    assert one(result, 0)["score"] < one(result, 1)["score"]


def test_scores_out_of_range_are_clipped():
    result = combine(hits(hit(0, 250.0, key="A"), hit(1, -30.0, key="B")), lines(0, 1))
    assert one(result, 0)["score"] == 100.0
    assert one(result, 1)["score"] == 0.0


def test_a_row_without_hits_is_green_with_score_zero_and_no_reasons():
    result = combine(hits(hit(0, 90.0, lane="red")), lines(0, 1))
    row = one(result, 1)
    assert (row["score"], row["lane"], row["threat"], row["reasons"]) == (0.0, "green", None, [])


def test_no_hits_at_all_still_assesses_every_row():
    result = combine(empty_hits(), {Target.CONSIGNMENT: pl.Series([3, 1]), Target.PERSON: [7]})
    assert result.schema == ASSESSMENT_SCHEMA
    assert result.select("target", "row_id", "lane").rows() == [
        ("consignment", 3, "green"),
        ("consignment", 1, "green"),
        ("person", 7, "green"),
    ]


def test_the_most_severe_proposed_lane_wins_over_a_stronger_reason():
    result = combine(
        hits(hit(0, 70.0, key="A", lane="yellow"), hit(0, 20.0, key="B", lane="red")), lines(0)
    )
    assert one(result, 0)["lane"] == "red"


def test_a_proposed_lane_stands_even_when_the_score_is_low():
    result = combine(hits(hit(0, 5.0, lane="red")), lines(0))
    assert one(result, 0)["lane"] == "red"


def test_without_a_proposed_lane_the_score_thresholds_decide():
    policy = LanePolicy({Lane.RED: 70.0, Lane.YELLOW: 40.0, Lane.BLUE: 10.0})
    rows = hits(hit(0, 75.0), hit(1, 45.0), hit(2, 15.0), hit(3, 5.0))
    result = combine(rows, lines(0, 1, 2, 3), policy=policy)
    assert result["lane"].to_list() == ["red", "yellow", "blue", "green"]


def test_escalation_raises_a_milder_proposed_lane_when_the_score_is_high():
    rows = hits(hit(0, 60.0, key="A", lane="blue"), hit(0, 60.0, key="B", lane="blue"))
    assert one(combine(rows, lines(0)), 0)["lane"] == "blue"
    escalating = LanePolicy(escalate=True)
    assert one(combine(rows, lines(0), policy=escalating), 0)["lane"] == "red"


def test_unknown_lanes_are_refused():
    with pytest.raises(ValueError, match="purple"):
        combine(hits(hit(0, 10.0, lane="purple")), lines(0))


def test_threat_is_that_of_the_strongest_reason_naming_one():
    rows = hits(
        hit(0, 90.0, key="A", kind="indicator"),
        hit(0, 50.0, key="B", threat="firearms"),
        hit(0, 30.0, key="C", threat="drugs"),
    )
    assert one(combine(rows, lines(0)), 0)["threat"] == "firearms"


def test_reasons_are_sorted_by_contribution_then_lane_then_key():
    rows = hits(
        hit(0, 20.0, key="low"),
        hit(0, 50.0, key="b", lane="yellow"),
        hit(0, 50.0, key="a", lane="yellow"),
        hit(0, 50.0, key="z", lane="red"),
        hit(0, 80.0, key="high"),
    )
    reasons = one(combine(rows, lines(0)), 0)["reasons"]
    assert [reason["key"] for reason in reasons] == ["high", "z", "a", "b", "low"]
    assert set(reasons[0]) == {"kind", "key", "label", "score", "lane", "threat", "detail"}


def test_the_same_reason_twice_on_a_row_counts_once_at_its_strongest():
    rows = hits(
        hit(0, 30.0, key="E1", kind="watch_list", detail='{"party": "notify"}'),
        hit(0, 70.0, key="E1", kind="watch_list", detail='{"party": "shipper"}', lane="yellow"),
    )
    row = one(combine(rows, lines(0)), 0)
    assert row["score"] == 70.0
    assert len(row["reasons"]) == 1
    assert json.loads(row["reasons"][0]["detail"]) == {"party": "shipper"}


def test_hits_on_rows_outside_the_targets_are_ignored():
    result = combine(hits(hit(5, 90.0)), lines(0))
    assert result.height == 1 and one(result, 0)["score"] == 0.0


def test_rows_of_other_targets_do_not_mix():
    rows = hits(hit(0, 60.0, target="consignment"), hit(0, 30.0, target="person", key="E"))
    result = combine(rows, {Target.CONSIGNMENT: pl.Series([0]), Target.PERSON: pl.Series([0])})
    assert one(result, 0, "consignment")["score"] == 60.0
    assert one(result, 0, "person")["score"] == 30.0


def links(*rows: tuple[int, str, int, str]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["unit_id", "source", "source_row_id", "via"], orient="row"
    ).cast({"unit_id": pl.Int64, "source_row_id": pl.Int64})


def test_a_cargo_unit_carries_the_reasons_of_its_consignment_lines():
    rows = hits(hit(4, 60.0, lane="red", threat="drugs", detail='{"hs": "080390"}'))
    targets = {Target.CONSIGNMENT: pl.Series([4]), Target.CARGO_UNIT: pl.Series([9])}
    result = combine(rows, targets, links=links((9, "consignment", 4, "consignment line")))
    unit = one(result, 9, "cargo_unit")
    assert (unit["score"], unit["lane"], unit["threat"]) == (60.0, "red", "drugs")
    assert json.loads(unit["reasons"][0]["detail"]) == {"via": "consignment line 4", "hs": "080390"}


def test_a_reason_reached_through_several_lines_counts_once_and_names_them_all():
    rows = hits(hit(1, 40.0), hit(2, 50.0), hit(3, 20.0, key="other"))
    targets = {Target.CARGO_UNIT: pl.Series([0])}
    unit_links = links(
        (0, "consignment", 1, "consignment line"),
        (0, "consignment", 2, "consignment line"),
        (0, "consignment", 3, "consignment line"),
    )
    unit = one(combine(rows, targets, links=unit_links), 0, "cargo_unit")
    assert unit["score"] == 60.0  # 50 and 20 combined; the 40 of the same profile does not add
    assert [reason["key"] for reason in unit["reasons"]] == ["P1", "other"]
    assert detail_of(unit["reasons"][0]["detail"]) == {"via": "consignment lines 1, 2"}


def test_a_driver_on_a_watch_list_reaches_the_vehicle_he_drives():
    rows = hits(hit(7, 85.0, kind="watch_list", key="E42", target="person", lane="red"))
    targets = {Target.PERSON: pl.Series([7]), Target.CARGO_UNIT: pl.Series([0, 1])}
    result = combine(rows, targets, links=links((1, "person", 7, "driver")))
    assert one(result, 1, "cargo_unit")["lane"] == "red"
    assert one(result, 0, "cargo_unit")["lane"] == "green"
    reason = one(result, 1, "cargo_unit")["reasons"][0]
    assert detail_of(reason["detail"]) == {"via": "driver 7"}


def test_a_detail_that_is_not_an_object_is_kept_beside_the_via():
    rows = hits(hit(1, 40.0, detail='"plain"'))
    unit_links = links((0, "consignment", 1, "consignment line"))
    unit = one(
        combine(rows, {Target.CARGO_UNIT: pl.Series([0])}, links=unit_links), 0, "cargo_unit"
    )
    assert json.loads(unit["reasons"][0]["detail"]) == {
        "via": "consignment line 1",
        "detail": '"plain"',
    }


def test_links_join_lines_to_their_units_and_drivers_by_plate():
    scenario = generate_caspian(days=1, seed=3)
    manifests = [plan.manifest() for plan in scenario.plans]
    consignments = consignment_frame(manifests)
    units = cargo_unit_frame(manifests)
    persons = person_frame(manifests)
    found = cargo_unit_links(consignments, units, persons)
    carried = found.filter(pl.col("source") == "consignment")
    driven = found.filter(pl.col("source") == "person")
    assert carried.height == consignments.height  # every line of this scenario names one unit
    drivers = persons.filter(pl.col("role") == "driver").height
    assert 0 < driven.height <= drivers
    assert set(driven["via"]) == {"driver"}
    first = driven.row(0, named=True)
    unit = units.filter(pl.col("unit_id") == first["unit_id"]).row(0, named=True)
    person = persons.filter(pl.col("person_id") == first["source_row_id"]).row(0, named=True)
    assert unit["voyage_number"] == person["voyage_number"]


def test_plates_match_whatever_their_spacing():
    unit = {"unit_id": 0, "voyage_number": "V1", "identifier": "T1", "vehicle_plate": "34 KKD 407"}
    units = pl.DataFrame([unit], schema=CARGO_UNIT_COLUMNS)
    person = {
        "person_id": 3,
        "voyage_number": "V1",
        "role": "driver",
        "vehicle_plate": "34-kkd-407",
    }
    persons = pl.DataFrame([person], schema=PERSON_COLUMNS)
    found = cargo_unit_links(consignment_frame([]), units, persons)
    assert found.select("unit_id", "source", "source_row_id").rows() == [(0, "person", 3)]


def test_a_plate_on_another_voyage_does_not_link():
    unit = {"unit_id": 0, "voyage_number": "V1", "identifier": "T1", "vehicle_plate": "631PZR01"}
    units = pl.DataFrame([unit], schema=CARGO_UNIT_COLUMNS)
    person = {"person_id": 3, "voyage_number": "V2", "role": "driver", "vehicle_plate": "631PZR01"}
    persons = pl.DataFrame([person], schema=PERSON_COLUMNS)
    assert cargo_unit_links(consignment_frame([]), units, persons).height == 0


def test_combining_is_the_same_whatever_the_order_of_hits():
    rows = [
        hit(n % 5, float(10 + n), key=f"K{n % 7}", lane=["red", None, "yellow"][n % 3])
        for n in range(40)
    ]
    forward = combine(hits(*rows), lines(*range(5)))
    backward = combine(hits(*reversed(rows)), lines(*range(5)))
    assert forward.equals(backward)
