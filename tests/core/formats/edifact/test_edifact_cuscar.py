"""CUSCAR: segments to canonical fields, and the messy shapes of real files end to end."""

from __future__ import annotations

from decimal import Decimal

import pytest
from edifact_helpers import edi, record, sample

from portcontrol.core.formats.edifact import read_cuscar
from portcontrol.core.records import CargoUnitKind, DocumentKind, PartyRole, TransportMode


def test_layout_sample_maps_every_field() -> None:
    builder = record(sample("cuscar_layout.edi"))
    assert builder.codes() == []
    [voyage] = builder.of("voyage")
    assert voyage == {
        "voyage_number": "KK2405B",
        "transport_mode": "ferry",
        "carrier": "CASPIAN SHIPPING",
        "vessel_imo": "9321483",
        "vessel_name": "BERIK",
        "departure_time": "2024-05-01T10:30",
        "arrival_time": "2024-05-02T06:30",
        "departure_port": "KZKUR",
        "arrival_port": "AZALA",
    }
    [row] = builder.of("consignment")
    assert row == {
        "voyage_number": "KK2405B",
        "document_number": "BL0101",
        "document_type": "master_bill",
        "loading_port": "KZKUR",
        "discharge_port": "AZALA",
        "shipper_name": "KASPIY TRADE LLP",
        "shipper_address": "ABAY STREET 1, AKTAU, 130000",
        "shipper_country": "KZ",
        "consignee_name": "AZ CHEMICALS MMC",
        "consignee_address": "NEFTCHILAR 12, BAKU, AZ1000",
        "consignee_country": "AZ",
        "item_number": "1",
        "packages": "20",
        "package_type": "DR",
        "hs_code": "291524",
        "goods_description": "ACETIC ANHYDRIDE",
        "gross_weight_kg": "4200.5",
        "value": "18000",
        "currency": "USD",
        "cargo_unit_id": "MSCU1234566",
    }
    [unit] = builder.of("cargo_unit")
    assert unit == {
        "cargo_unit_id": "MSCU1234566",
        "cargo_unit_type": "container",
        "size_type": "22G1",
        "is_empty": "false",
        "cargo_unit_gross_weight_kg": "6400",
        "seals": "KZ123456",
        "voyage_number": "KK2405B",
    }


def test_places_name_line_segment_and_tag() -> None:
    builder = record(sample("cuscar_layout.edi"))
    [place] = builder.places("consignment")
    assert (place.line, place.segment, place.tag) == (15, 14, "GID")
    assert str(place) == "line 15, segment 14 (GID)"


HEAD = ("UNH+1+CUSCAR:D:95B:UN", "BGM+785+DOC9+9")


def test_house_bill_wins_over_master_bill_and_cni_number() -> None:
    builder = record(edi(*HEAD, "TDT+20+V1+1", "CNI+1+X1", "RFF+BM:MB1", "RFF+BH:HB1", "GID+1"))
    [row] = builder.of("consignment")
    assert (row["document_number"], row["document_type"]) == ("HB1", "house_bill")


def test_cni_number_is_the_document_without_rff() -> None:
    builder = record(edi(*HEAD, "TDT+20+V1+1", "CNI+1+X1", "GID+1"))
    assert builder.of("consignment")[0]["document_number"] == "X1"


def test_voyage_number_from_rff_von_and_fallback_with_warning() -> None:
    builder = record(edi(*HEAD, "RFF+VON:V7", "CNI+1+X"))
    assert builder.of("voyage")[0]["voyage_number"] == "V7"
    fallback = record(edi(*HEAD, "CNI+1+X"))
    assert fallback.of("voyage")[0]["voyage_number"] == "DOC9"
    assert fallback.codes() == ["edifact.voyage_number"]


def test_goods_travel_in_all_equipment_of_a_consignment_without_sgp() -> None:
    builder = record(
        edi(
            *HEAD,
            "TDT+20+V1+1",
            "CNI+1+B1",
            "GID+1+5:PK",
            "GID+2+6:PK",
            "EQD+CN+MSCU1234566",
            "EQD+CN+TGHU1111111",
        )
    )
    rows = builder.of("consignment")
    assert [row["cargo_unit_id"] for row in rows] == ["MSCU1234566;TGHU1111111"] * 2
    units = [unit["cargo_unit_id"] for unit in builder.of("cargo_unit")]
    assert units == ["MSCU1234566", "TGHU1111111"]


def test_once_sgp_is_used_an_item_without_it_has_no_equipment() -> None:
    builder = record(
        edi(
            *HEAD,
            "TDT+20+V1+1",
            "CNI+1+B1",
            "GID+1+5:PK",
            "GID+2+6:PK",
            "SGP+TGHU1111111",
            "EQD+CN+MSCU1234566",
            "EQD+CN+TGHU1111111",
        )
    )
    rows = builder.of("consignment")
    assert [row.get("cargo_unit_id") for row in rows] == [None, "TGHU1111111"]


def test_weights_in_other_units_are_converted_to_kilograms() -> None:
    builder = record(
        edi(*HEAD, "TDT+20+V1+1", "CNI+1+B1", "GID+1", "MEA+AAE+G+TNE:1,25", "MEA+AAE+N+GRM:500")
    )
    row = builder.of("consignment")[0]
    assert (row["gross_weight_kg"], row["net_weight_kg"]) == ("1250", "0.5")


def test_unknown_weight_unit_is_kept_with_a_warning() -> None:
    builder = record(edi(*HEAD, "TDT+20+V1+1", "CNI+1+B1", "GID+1", "MEA+AAE+G+XYZ:12"))
    assert builder.of("consignment")[0]["gross_weight_kg"] == "12"
    assert builder.codes() == ["edifact.weight_unit"]


def test_description_parts_and_several_ftx_are_joined() -> None:
    builder = record(
        edi(
            *HEAD,
            "TDT+20+V1+1",
            "CNI+1+B1",
            "GID+1",
            "FTX+AAA+++CIGARETTES:IN",
            "FTX+AAA+++CARTONS",
            "FTX+AAI+++NOT GOODS",
        )
    )
    assert builder.of("consignment")[0]["goods_description"] == "CIGARETTES IN CARTONS"


def test_equipment_kinds_plate_and_empty_flag() -> None:
    builder = record(
        edi(
            *HEAD,
            "TDT+20+V1+3",
            "EQD+TE+KZ123ABC02+++2+4",
            "TPL+777AAA01",
            "EQD+RR+51234567",
            "EQD+XX+ODD1",
        )
    )
    units = builder.of("cargo_unit")
    assert [(u["cargo_unit_type"], u.get("is_empty")) for u in units] == [
        ("trailer", "true"),
        ("rail_wagon", None),
        ("other", None),
    ]
    assert units[0]["vehicle_plate"] == "777AAA01"
    assert builder.of("voyage")[0]["transport_mode"] == "road"


def test_non_unlocode_locations_are_kept_with_a_warning() -> None:
    builder = record(sample("cuscar_non_unlocode.edi"))
    row = builder.of("consignment")[0]
    assert (row["loading_port"], row["discharge_port"]) == ("KURYK-01", "4711")
    issues = [i for i in builder.manifest.issues if i.code == "edifact.location_code_list"]
    assert [i.place.line for i in issues] == [12, 13]
    assert "KURYK-01" in issues[0].message


def test_control_totals_that_disagree_are_warned() -> None:
    builder = record(
        edi(
            *HEAD,
            "CNT+10:3",
            "CNT+11:7",
            "CNT+7:100:KGM",
            "TDT+20+V1+1",
            "CNI+1+B1",
            "GID+1+5",
            "MEA+AAE+G+KGM:100",
            "CNI+2+B2",
            "GID+1+2",
        )
    )
    messages = [i.message for i in builder.manifest.issues]
    assert messages == ["CNT declares 3 consignments, the message has 2"]


def test_transit_ports_and_departure_fallback_to_loading_place() -> None:
    builder = record(
        edi(*HEAD, "TDT+20+V1+1", "LOC+9+KZAAU", "LOC+13+TMKRW", "LOC+11+AZBAK", "CNI+1+B1")
    )
    voyage = builder.of("voyage")[0]
    assert (voyage["departure_port"], voyage["arrival_port"], voyage["transit_ports"]) == (
        "KZAAU",
        "AZBAK",
        "TMKRW",
    )


def test_call_sign_is_not_taken_for_an_imo_number() -> None:
    builder = record(edi(*HEAD, "TDT+20+V1+1+++++UNAW7:103::BERIK", "CNI+1+B1"))
    voyage = builder.of("voyage")[0]
    assert "vessel_imo" not in voyage and voyage["vessel_name"] == "BERIK"


# End to end, through the real validation ---------------------------------------------------


def test_real_container_number_with_wrong_check_digit_is_kept_with_a_warning() -> None:
    manifest = read_cuscar(sample("cuscar_check_digit.edi"))
    [unit] = manifest.cargo_units
    assert unit.identifier == "MSCU1234567"
    # The validation layer warns at every place that names the unit: EQD first.
    assert {issue.code for issue in unit.issues} == {"container.check_digit"}
    assert unit.issues[0].place.tag == "EQD"
    assert manifest.consignments[0].cargo_unit_ids == ["MSCU1234567"]


def test_sample_reads_into_records() -> None:
    manifest = read_cuscar(sample("cuscar_functional_groups.edi"))
    assert manifest.counts() == {
        "voyages": 1,
        "documents": 2,
        "consignments": 2,
        "cargo_units": 2,
        "parties": 4,
        "persons": 0,
        "rejected": 0,
    }
    voyage = manifest.voyages[0]
    assert (voyage.transport_mode, voyage.imo, voyage.departure_port) == (
        TransportMode.FERRY,
        "9321483",
        "KZKUR",
    )
    first = manifest.consignments[0]
    assert (first.hs_code, first.gross_weight_kg, first.value, first.currency) == (
        "291524",
        Decimal("4200.5"),
        Decimal("18000"),
        "USD",
    )
    assert manifest.documents[0].kind == DocumentKind.MASTER_BILL
    assert {party.role for party in manifest.parties} == {PartyRole.SHIPPER, PartyRole.CONSIGNEE}
    assert manifest.cargo_units[0].kind == CargoUnitKind.CONTAINER


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("cuscar_cp1251_declared_unow.edi", "cp1251"),
        ("cuscar_utf8_declared_unoc.edi", "utf-8"),
        ("cuscar_latin1_declared_unoe.edi", "latin-1"),
    ],
)
def test_bytes_in_another_charset_are_read_with_a_warning(name: str, codec: str) -> None:
    manifest = read_cuscar(sample(name))
    [warning] = [issue for issue in manifest.issues if issue.code == "edifact.charset"]
    assert warning.message.endswith(f"read as {codec}")
    assert warning.place.tag == "UNB"
    shipper = next(p for p in manifest.parties if p.role == PartyRole.SHIPPER)
    assert shipper.name in ("ТОО КАСПИЙ ТРЕЙД", "MÜLLER CHEMIE GMBH")


def test_cyrillic_unoe_file_reads_without_warning() -> None:
    manifest = read_cuscar(sample("cuscar_unoe.edi"))
    assert manifest.issues == []
    assert manifest.consignments[0].description == "УКСУСНЫЙ АНГИДРИД"


def test_unusual_una_separators_and_decimal_comma() -> None:
    manifest = read_cuscar(sample("cuscar_una_separators.edi"))
    item = manifest.consignments[0]
    assert item.description == "NUTS+BOLTS 5*8 CM~ 2! ?'"
    assert item.gross_weight_kg == Decimal("4200.5")
