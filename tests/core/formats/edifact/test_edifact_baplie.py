"""BAPLIE: stowage cells to cargo units."""

from __future__ import annotations

from decimal import Decimal

from edifact_helpers import edi, record, sample

from portcontrol.core.formats.edifact import read_baplie
from portcontrol.core.records import CargoUnitKind


def test_stowage_groups_map_to_cargo_unit_rows() -> None:
    builder = record(sample("baplie_bay_plan.edi"), "BAPLIE")
    first, second, trailer = builder.of("cargo_unit")
    assert first == {
        "stowage_position": "0020282",
        "cargo_unit_gross_weight_kg": "23500",
        "loading_port": "KZKUR",
        "discharge_port": "AZALA",
        "cargo_unit_id": "MSCU1234566",
        "cargo_unit_type": "container",
        "size_type": "22G1",
        "is_empty": "false",
        "voyage_number": "KK2405Q",
    }
    assert (second["cargo_unit_gross_weight_kg"], second["is_empty"]) == ("2300", "true")
    assert (trailer["cargo_unit_type"], trailer["seals"]) == ("trailer", "T998877")
    assert [place.tag for place in builder.places("cargo_unit")] == ["LOC"] * 3
    assert builder.of("voyage")[0]["arrival_port"] == "AZALA"


def test_cell_without_equipment_is_warned() -> None:
    builder = record(
        edi("UNH+1+BAPLIE:D:95B:UN", "TDT+20+V1", "LOC+147+0010101::5", "MEA+WT++KGM:100"), "BAPLIE"
    )
    assert builder.of("cargo_unit") == []
    assert builder.codes() == ["edifact.stowage_without_equipment"]


def test_bay_plan_reads_into_cargo_units() -> None:
    manifest = read_baplie(sample("baplie_bay_plan.edi"))
    assert manifest.counts()["cargo_units"] == 3
    unit = manifest.cargo_units[0]
    assert (unit.kind, unit.stowage_position, unit.gross_weight_kg, unit.discharge_port) == (
        CargoUnitKind.CONTAINER,
        "0020282",
        Decimal("23500"),
        "AZALA",
    )
