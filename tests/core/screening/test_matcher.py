"""Screening frames of names and identifiers against an index of watch-list entries."""

from __future__ import annotations

import json
from datetime import date

import polars as pl

from portcontrol.core.risk.reasons import HITS_SCHEMA, Target
from portcontrol.core.screening.entries import EntryKind, WatchListEntry
from portcontrol.core.screening.matcher import build_index, pair_score, screen, to_hits
from portcontrol.core.screening.normalise import name_form


def entry(id: str, kind: EntryKind, *names: str, **fields: object) -> WatchListEntry:
    return WatchListEntry(id=id, list_code="NATIONAL", kind=kind, names=names, **fields)  # type: ignore[arg-type]


ENTRIES = [
    entry(
        "P1",
        EntryKind.PERSON,
        "Сейтказиев Нурлан Бахытжанович",
        "SEITKAZIYEV NURLAN",
        dates_of_birth=("1979-05-14",),
        document_numbers=("N0941177",),
    ),
    entry("P2", EntryKind.PERSON, "Məmmədov Elçin"),
    entry("C1", EntryKind.COMPANY, "ТОО «Каспий Логистик»", threat="drugs"),
    entry("V1", EntryKind.VEHICLE, "123 ABC 02"),
    entry("K1", EntryKind.CONTAINER, "MSCU 123456 5"),
    entry("S1", EntryKind.VESSEL, "Kaspiy Star", document_numbers=("IMO 9074729",)),
    entry("X1", EntryKind.PERSON, "Ivanov Oleg", expiry=date(2020, 1, 1)),
]
INDEX = build_index(ENTRIES, on=date(2025, 1, 1))


def test_word_order_and_script_do_not_matter() -> None:
    assert pair_score(name_form("NURLAN SEITKAZIEV"), name_form("Сейтказиев Нурлан")) == 100.0


def test_repeated_names_are_screened_once_and_carry_both_forms() -> None:
    names = pl.DataFrame({"name": ["Seitkaziev Nurlan"] * 3 + ["Mamedov Elchin", "Nobody Here"]})
    matches = screen(names, INDEX)
    assert sorted(matches["entry_id"].to_list()) == ["P1", "P2"]
    row = matches.filter(pl.col("entry_id") == "P2").row(0, named=True)
    assert row["query_form"] == "mamedov elchin"
    assert row["alias_form"] == "mammadov elchin"
    assert 85.0 <= row["strength"] <= 100.0


def test_a_different_date_of_birth_clears_a_namesake() -> None:
    names = pl.DataFrame(
        {
            "name": ["Seitkaziev Nurlan", "Seitkaziev Nurlan"],
            "date_of_birth": [date(1979, 5, 14), date(1991, 11, 2)],
        }
    )
    matches = screen(names, INDEX)
    assert matches["date_of_birth"].to_list() == [date(1979, 5, 14)]


def test_the_same_passport_lifts_a_weak_name_match() -> None:
    names = pl.DataFrame({"name": ["Seitkaziev N."], "document_number": ["N 0941177"]})
    assert screen(names, INDEX)["strength"].to_list() == [100.0]


def test_expired_entries_are_not_screened() -> None:
    assert screen(pl.DataFrame({"name": ["Ivanov Oleg"]}), INDEX).is_empty()


def test_identifiers_match_exactly_after_normalisation() -> None:
    names = pl.DataFrame(
        {
            "name": ["123ABC02", "МSCU1234565", "9074729", "123ABC03"],
            "kind": ["vehicle", "container", "vessel", "vehicle"],
        }
    )
    matches = screen(names, INDEX)
    assert sorted(matches["entry_id"].to_list()) == ["K1", "S1", "V1"]


def test_a_company_matches_across_legal_forms() -> None:
    names = pl.DataFrame({"name": ["KASPIY LOGISTIK LLP", "Kaspiy Trans LLP"], "kind": "company"})
    matches = screen(names, INDEX)
    assert matches["entry_id"].to_list() == ["C1"]
    assert matches["threat"].to_list() == ["drugs"]


def test_hits_go_back_to_every_row_that_named_the_party() -> None:
    targets = pl.DataFrame(
        {"line_id": [0, 1, 2], "name": ["Каспий Логистик ТОО", "X", "Каспий Логистик ТОО"]}
    )
    hits = to_hits(
        targets, screen(targets, INDEX), target=Target.CONSIGNMENT, row_id_column="line_id"
    )
    assert hits.schema == pl.Schema(HITS_SCHEMA)
    assert hits["row_id"].to_list() == [0, 2]
    assert set(hits["kind"]) == {"watch_list"}
    assert json.loads(hits["detail"][0])["alias_form"] == "too kaspiy logistik"
    assert hits["lane"][0] == "red"


def test_index_finds_what_comparing_every_name_finds() -> None:
    queries = [
        "Seitkaziyev Nurlan",
        "N. Seitkaziev",
        "Elchin Mammadov",
        "Kaspii Logistik",
        "Seitkaziev Erlan",
    ]
    for query in queries:
        form = name_form(query)
        brute = {i for i, alias in enumerate(INDEX.alias_forms) if pair_score(form, alias) >= 85}
        assert brute <= INDEX.candidates(form), query
