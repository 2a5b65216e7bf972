"""The engine end to end on the Caspian scenario: frames, parts, assessments, selection."""

import json
from datetime import date

import polars as pl

from portcontrol.core.risk.assess import ASSESSMENT_SCHEMA
from portcontrol.core.risk.engine import assess_manifests, frames_of, reasons_of
from portcontrol.core.risk.profiles import Profile
from portcontrol.core.risk.reasons import HITS_SCHEMA, Lane, ReasonKind, Threat
from portcontrol.core.risk.selection import Capacity, select
from portcontrol.core.screening.entries import EntryKind, WatchListEntry
from portcontrol.core.screening.matcher import build_index

TODAY = date(2025, 3, 3)


def planted_line(frames, answer) -> int:
    lines = frames.consignments.filter(
        (pl.col("voyage_number") == answer.voyage_number)
        & (pl.col("document_number") == answer.document_number)
        & (pl.col("item_number") == answer.item_number)
    )
    return lines["line_id"][0]


def hand_made_hits(frames, scenario) -> pl.DataFrame:
    """A profile hit on every planted threat line, strong for threats, weak for look-alikes."""
    rows = []
    for answer in scenario.answers:
        rows.append(
            {
                "target": "consignment",
                "row_id": planted_line(frames, answer),
                "kind": "profile",
                "key": f"P-{answer.category}",
                "label": f"Planted {answer.category}",
                "score": 20.0 if answer.innocent else 90.0,
                "lane": None if answer.innocent else "red",
                "threat": None,
                "detail": None,
            }
        )
    return pl.DataFrame(rows, schema=HITS_SCHEMA)


def test_every_target_gets_an_assessment(manifests):
    frames = frames_of(manifests)
    result = assess_manifests(manifests, today=TODAY, indicators=False)
    assert result.consignments.height == frames.consignments.height
    assert result.cargo_units.height == frames.cargo_units.height
    assert result.persons.height == frames.persons.height
    assert result.consignments.schema == ASSESSMENT_SCHEMA
    assert set(result.all()["lane"]) == {"green"}


def test_the_indicator_library_runs_and_keeps_look_alikes_out_of_red(manifests, scenario):
    frames = frames_of(manifests)
    result = assess_manifests(manifests, today=TODAY)
    assert "indicators" in result.seconds
    indicated = result.hits.filter(pl.col("kind") == "indicator")
    assert {"firearms", "radioactive", "cigarettes"} <= set(indicated["key"])
    innocent = [planted_line(frames, answer) for answer in scenario.answers if answer.innocent]
    lanes = result.consignments.filter(pl.col("row_id").is_in(innocent))["lane"]
    assert len(lanes) == len(innocent) and "red" not in set(lanes)


def test_planted_threats_reach_the_red_lane_and_their_cargo_units(manifests, scenario):
    frames = frames_of(manifests)
    threats = [answer for answer in scenario.answers if not answer.innocent]
    assert threats
    result = assess_manifests(
        manifests, today=TODAY, extra_hits=hand_made_hits(frames, scenario), indicators=False
    )
    red_lines = set(result.consignments.filter(pl.col("lane") == "red")["row_id"])
    assert {planted_line(frames, answer) for answer in threats} == red_lines
    red_units = set(
        frames.cargo_units.join(
            result.cargo_units.filter(pl.col("lane") == "red"),
            left_on="unit_id",
            right_on="row_id",
        )["identifier"]
    )
    assert {answer.cargo_unit_id for answer in threats} <= red_units
    look_alikes = [answer for answer in scenario.answers if answer.innocent]
    for answer in look_alikes:
        line = planted_line(frames, answer)
        row = result.consignments.filter(pl.col("row_id") == line).row(0, named=True)
        assert row["lane"] != "red"


def test_reasons_come_back_as_records_with_the_via(manifests, scenario):
    frames = frames_of(manifests)
    result = assess_manifests(manifests, today=TODAY, extra_hits=hand_made_hits(frames, scenario))
    strongest = result.cargo_units.sort("score", descending=True).row(0, named=True)
    reasons = reasons_of(strongest)
    assert reasons and reasons[0].kind is ReasonKind.PROFILE
    assert reasons[0].lane is Lane.RED
    assert reasons[0].detail["via"].startswith("consignment line")


def test_a_watched_driver_puts_his_vehicle_in_the_queue(manifests):
    frames = frames_of(manifests)
    driver = frames.persons.filter(pl.col("role") == "driver").row(0, named=True)
    hit = {
        "target": "person",
        "row_id": driver["person_id"],
        "kind": "watch_list",
        "key": "E1",
        "label": "On watch list",
        "score": 97.0,
        "lane": "red",
        "threat": "drugs",
        "detail": '{"list": "NATIONAL"}',
    }
    result = assess_manifests(
        manifests, today=TODAY, extra_hits=pl.DataFrame([hit], schema=HITS_SCHEMA)
    )
    red_units = result.cargo_units.filter(pl.col("lane") == "red")
    assert red_units.height >= 1
    driven = frames.cargo_units.filter(pl.col("unit_id").is_in(red_units["row_id"].implode()))
    assert set(driven["voyage_number"]) == {driver["voyage_number"]}
    reason = reasons_of(red_units.row(0, named=True))[0]
    assert reason.threat is Threat.DRUGS
    assert reason.detail == {"via": f"driver {driver['person_id']}", "list": "NATIONAL"}


def test_selection_over_cargo_units_fills_capacity_with_the_threats_first(manifests, scenario):
    frames = frames_of(manifests)
    result = assess_manifests(manifests, today=TODAY, extra_hits=hand_made_hits(frames, scenario))
    threats = [answer for answer in scenario.answers if not answer.innocent]
    red = result.cargo_units.filter(pl.col("lane") == "red").height
    capacity = Capacity({Lane.RED: red + 3}, minimum_random=3)
    chosen = select(result.cargo_units, capacity, random_share=0.01, seed=1, day=TODAY)
    assert chosen.frame.height == capacity.per_lane[Lane.RED]
    assert chosen.overflow[Lane.RED] == 0
    scored = chosen.frame.filter(~pl.col("random"))
    picked = set(
        frames.cargo_units.filter(pl.col("unit_id").is_in(scored["row_id"].implode()))["identifier"]
    )
    assert picked <= {answer.cargo_unit_id for answer in threats}
    assert chosen.frame["random"].sum() == 3


def cast_watch_list(scenario) -> list[WatchListEntry]:
    """The scenario's persons of interest and one truck, as a national watch list has them."""
    entries = [
        WatchListEntry(
            id=f"NAT-{person.key}",
            list_code="NATIONAL",
            kind=EntryKind.PERSON,
            names=(f"{person.passport_family} {person.passport_given}",),
            dates_of_birth=(person.date_of_birth.isoformat(),),
            document_numbers=(person.passport_number,),
            threat="drugs",
        )
        for person in scenario.cast.people()
    ]
    entries.append(
        WatchListEntry(
            id="NAT-TRUCK", list_code="NATIONAL", kind=EntryKind.VEHICLE, names=("400 FYB 12",)
        )
    )
    return entries


def test_screening_finds_the_cast_on_lines_persons_and_vehicles(manifests, scenario):
    index = build_index(cast_watch_list(scenario))
    result = assess_manifests(manifests, today=TODAY, watch_index=index)
    frames = result.frames
    watched = result.hits.filter(pl.col("kind") == "watch_list")
    assert "screening" in result.seconds
    party_lines = frames.consignments.join(
        watched.filter(pl.col("target") == "consignment"), left_on="line_id", right_on="row_id"
    )
    appeared = {
        (item["voyage_number"], item["document_number"])
        for item in scenario.appearances
        if item["document_number"] and item["person"] in {"P00001", "P00003", "P00004"}
    }
    found = set(party_lines.select("voyage_number", "document_number").rows())
    assert appeared and appeared <= found
    assert set(party_lines["key"]) <= {f"NAT-{person.key}" for person in scenario.cast.people()}
    roles = {json.loads(detail)["party"] for detail in party_lines["detail"]}
    assert roles <= {"shipper", "consignee", "notify"}
    passports = [person.passport_number for person in scenario.cast.people()]
    cast = frames.persons.filter(pl.col("document_number").is_in(passports))
    people = watched.filter(pl.col("target") == "person")
    assert cast.height >= 2 and set(cast["person_id"]) <= set(people["row_id"])
    driven = result.links.filter(pl.col("source") == "person")
    cast_units = driven.filter(pl.col("source_row_id").is_in(cast["person_id"].implode()))
    assert cast_units.height >= 1
    assessed = result.cargo_units.filter(pl.col("row_id").is_in(cast_units["unit_id"].implode()))
    assert assessed["score"].min() >= 85.0
    vehicles = watched.filter((pl.col("target") == "cargo_unit") & (pl.col("key") == "NAT-TRUCK"))
    plates = frames.cargo_units.filter(pl.col("unit_id").is_in(vehicles["row_id"].implode()))
    assert set(plates["vehicle_plate"].str.replace_all(" ", "")) == {"400FYB12"}


def test_profiles_see_watch_list_hits_of_the_lines_parties_and_drivers(manifests, scenario):
    index = build_index(cast_watch_list(scenario))
    profiles = [
        Profile(
            "WL-01",
            "Party of interest",
            Threat.DRUGS,
            'party on watchlist "NATIONAL"',
            30,
            Lane.YELLOW,
            reason="A party of the line is on the national watch list",
        ),
        Profile("PRE-01", "Acetic acid", Threat.PRECURSORS, 'hs starts with "2915"', 40, Lane.RED),
    ]
    result = assess_manifests(manifests, today=TODAY, watch_index=index, profiles=profiles)
    hits = result.hits
    profiled = set(hits.filter(pl.col("key") == "WL-01")["row_id"])
    watched_lines = set(
        hits.filter((pl.col("kind") == "watch_list") & (pl.col("target") == "consignment"))[
            "row_id"
        ]
    )
    assert watched_lines and watched_lines <= profiled
    precursor_lines = set(
        result.frames.consignments.filter(pl.col("hs_code").str.starts_with("2915"))["line_id"]
    )
    assert set(hits.filter(pl.col("key") == "PRE-01")["row_id"]) == precursor_lines
    assert "profiles" in result.seconds
    lanes = result.consignments.filter(pl.col("row_id").is_in(list(precursor_lines)))["lane"]
    assert set(lanes) == {"red"}


def test_expired_profiles_do_not_hit(manifests):
    old = Profile(
        "OLD-01",
        "Withdrawn",
        Threat.OTHER,
        'hs starts with "0"',
        50,
        Lane.RED,
        valid_to=date(2024, 12, 31),
    )
    result = assess_manifests(manifests, today=TODAY, profiles=[old])
    assert result.hits.filter(pl.col("key") == "OLD-01").is_empty()


def test_a_threat_outside_the_list_reads_as_other_and_an_unknown_lane_as_none():
    row = {
        "reasons": [
            {
                "kind": "watch_list",
                "key": "E1",
                "label": "Listed",
                "score": 90.0,
                "lane": None,
                "threat": "terrorism",
                "detail": "not json",
            }
        ]
    }
    (reason,) = reasons_of(row)
    assert (reason.threat, reason.lane, reason.detail) == (
        Threat.OTHER,
        None,
        {"detail": "not json"},
    )
