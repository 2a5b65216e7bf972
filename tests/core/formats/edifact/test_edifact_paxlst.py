"""PAXLST: passengers, crew and drivers of a ferry; control totals against people present."""

from __future__ import annotations

from datetime import date

from edifact_helpers import edi, record, sample

from portcontrol.core.formats.edifact import read_paxlst
from portcontrol.core.records import PersonRole

HEAD = ("UNH+1+PAXLST:D:02B:UN:IATA", "BGM+745", "TDT+20+KK1+1")


def test_people_map_to_canonical_fields() -> None:
    builder = record(sample("paxlst_ferry_totals.edi"), "PAXLST")
    driver, passenger, crew = builder.of("person")
    assert driver == {
        "person_role": "driver",
        "family_name": "ИВАНОВ",
        "given_names": "ИВАН ПЕТРОВИЧ",
        "gender": "M",
        "date_of_birth": "1980-04-17",
        "nationality": "KAZ",
        "vehicle_plate": "123ABC02",
        "travel_document_type": "P",
        "travel_document_number": "N12345678",
        "voyage_number": "KK2405P",
    }
    assert passenger["person_role"] == "passenger" and "vehicle_plate" not in passenger
    assert crew["person_role"] == "crew"
    voyage = builder.of("voyage")[0]
    assert (
        voyage["departure_port"],
        voyage["arrival_port"],
        voyage["departure_time"],
        voyage["arrival_time"],
    ) == ("KZKUR", "AZALA", "2024-05-01T10:30", "2024-05-02T06:30")


def test_control_total_that_disagrees_with_persons_present_is_warned() -> None:
    builder = record(sample("paxlst_ferry_totals.edi"), "PAXLST")
    [issue] = builder.manifest.issues
    assert issue.code == "edifact.control_total"
    assert (issue.place.line, issue.place.tag) == (27, "CNT")
    assert "5 passengers" in issue.message and "lists 2" in issue.message


def test_matching_control_totals_are_silent() -> None:
    builder = record(
        edi(*HEAD, "NAD+FL+++A:B", "NAD+FM+++C:D", "NAD+FM+++E", "CNT+42:1", "CNT+41:2"), "PAXLST"
    )
    assert builder.codes() == []
    assert [p["person_role"] for p in builder.of("person")] == ["passenger", "crew", "crew"]


def test_reporting_party_is_not_a_person() -> None:
    builder = record(
        edi(*HEAD[:2], "NAD+MS+++SHIPPING AGENT", "TDT+20+KK1+1", "NAD+FL+++A"), "PAXLST"
    )
    assert [p["family_name"] for p in builder.of("person")] == ["A"]


def test_in_transit_qualifiers_are_crew_and_passengers() -> None:
    builder = record(edi(*HEAD, "NAD+DDT+++A", "NAD+DDU+++B"), "PAXLST")
    assert [p["person_role"] for p in builder.of("person")] == ["crew", "passenger"]


def test_person_places_point_at_their_nad() -> None:
    builder = record(edi(*HEAD, "NAD+FL+++A", "ATT+2++F"), "PAXLST")
    [place] = builder.places("person")
    assert (place.segment, place.tag) == (4, "NAD")


def test_cp1251_paxlst_in_a_file_declaring_unoc_reads_through_validation() -> None:
    manifest = read_paxlst(sample("paxlst_cp1251_declared_unoc.edi"))
    assert [issue.code for issue in manifest.issues] == ["edifact.charset", "edifact.control_total"]
    driver = manifest.persons[0]
    assert (
        driver.role,
        driver.family_name,
        driver.date_of_birth,
        driver.nationality,
        driver.vehicle_plate,
    ) == (PersonRole.DRIVER, "ИВАНОВ", date(1980, 4, 17), "KZ", "123ABC02")
