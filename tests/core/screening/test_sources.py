"""Reading the UN consolidated list XML and FollowTheMoney JSON lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portcontrol.core.errors import ReadError
from portcontrol.core.screening.entries import EntryKind
from portcontrol.core.screening.sources import ftm, un_sc

SAMPLES = Path(__file__).with_name("samples")


def test_un_list_gives_people_with_aliases_birth_and_passport() -> None:
    entries = un_sc.read((SAMPLES / "un_consolidated.xml").read_bytes())
    people = [entry for entry in entries if entry.kind is EntryKind.PERSON]
    first = people[0]
    assert first.id == "UN-SC:XXi.901"
    assert first.names[0] == "NURLAN BAKHYTZHANOVICH SEITKAZIYEV"
    assert "Сейтказиев Нурлан Бахытжанович" in first.names
    assert first.dates_of_birth == ("1979-05-14",)
    assert first.document_numbers == ("N 0941177",)
    assert people[1].dates_of_birth == ("1982",)


def test_un_list_gives_entities_as_companies() -> None:
    entries = un_sc.read((SAMPLES / "un_consolidated.xml").read_bytes())
    companies = [entry for entry in entries if entry.kind is EntryKind.COMPANY]
    assert [entry.names[1] for entry in companies] == ["ТОО «Каспий Логистик»"]


def test_un_list_refuses_entity_expansion() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;">]><CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>'
    )
    with pytest.raises(ReadError, match="DOCTYPE"):
        un_sc.read(bomb)


def test_un_list_refuses_another_document() -> None:
    with pytest.raises(ReadError, match="CONSOLIDATED_LIST"):
        un_sc.read(b"<html><body/></html>")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_un_list_reader_raises_only_read_error(data: bytes) -> None:
    try:
        un_sc.read(data)
    except ReadError:
        pass


def test_un_generation_date_is_read() -> None:
    assert str(un_sc.generated_on((SAMPLES / "un_consolidated.xml").read_bytes())) == "2025-03-04"


def test_ftm_export_keeps_parties_and_vessels_and_skips_addresses() -> None:
    entries = ftm.read((SAMPLES / "opensanctions.jsonl").read_bytes())
    kinds = {entry.id: entry.kind for entry in entries}
    assert kinds == {
        "OPENSANCTIONS:NK-test-0001": EntryKind.PERSON,
        "OPENSANCTIONS:NK-test-0002": EntryKind.COMPANY,
        "OPENSANCTIONS:NK-test-0003": EntryKind.VESSEL,
        "OPENSANCTIONS:NK-test-0005": EntryKind.COMPANY,
    }
    person = entries[0]
    assert person.names == ("Zhumabaev Yerlan", "Жұмабаев Ерлан", "Dzhumabayev Erlan")
    assert person.dates_of_birth == ("1971-03-03",)
    assert person.document_numbers == ("N 11223344",)
    assert entries[2].document_numbers == ("IMO 9074729",)


def test_ftm_export_with_a_broken_line_says_which() -> None:
    with pytest.raises(ReadError) as error:
        ftm.read(b'{"id": "a", "schema": "Person", "properties": {}}\n{broken\n')
    assert error.value.place.line == 2


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_ftm_reader_raises_only_read_error(data: bytes) -> None:
    try:
        ftm.read(data)
    except ReadError:
        pass
