"""Frames of the risk engine are built from manifests with every column typed."""

from portcontrol.core.errors import Place
from portcontrol.core.manifest import ManifestBuilder
from portcontrol.core.risk.frame import (
    CARGO_UNIT_COLUMNS,
    CONSIGNMENT_COLUMNS,
    cargo_unit_frame,
    consignment_frame,
    person_frame,
)


def small_manifest():
    builder = ManifestBuilder("csv")
    builder.add_consignment_row(
        {
            "voyage_number": "KUR-1",
            "transport_mode": "ferry",
            "departure_port": "KZKUR",
            "arrival_port": "AZALA",
            "document_number": "B1",
            "shipper_name": "ТОО Арман",
            "consignee_name": "Azer Import MMC",
            "item_number": "1",
            "hs_code": "291524",
            "goods_description": "acetic anhydride",
            "gross_weight_kg": "2000",
            "value": "3000",
            "cargo_unit_id": "MSCU1234565",
            "cargo_unit_type": "container",
        },
        Place(line=2),
    )
    builder.add_cargo_unit_row(
        {"voyage_number": "KUR-1", "cargo_unit_id": "TGHU1234561", "stowage_position": "0100182"},
        Place(line=3),
    )
    builder.add_person_row(
        {
            "voyage_number": "KUR-1",
            "person_role": "driver",
            "family_name": "Seitkaziyev",
            "given_names": "Nurlan",
            "vehicle_plate": "123ABC02",
        },
        Place(line=4),
    )
    return builder.build()


def test_a_consignment_line_joins_its_voyage_document_parties_and_unit():
    frame = consignment_frame([small_manifest()])
    assert frame.schema == CONSIGNMENT_COLUMNS
    row = frame.row(0, named=True)
    assert row["hs_code"] == "291524"
    assert row["departure_country"] == "KZ" and row["arrival_country"] == "AZ"
    assert row["shipper_name"] == "ТОО Арман"
    assert row["value_per_kg"] == 1.5
    assert row["cargo_unit_kind"] == "container"
    assert "container.check_digit" in row["issue_codes"]  # 1234565 has the wrong check digit


def test_a_unit_on_the_bay_plan_but_not_in_the_manifest_is_marked():
    frame = cargo_unit_frame([small_manifest()])
    assert frame.schema == CARGO_UNIT_COLUMNS
    by_id = {row["identifier"]: row for row in frame.iter_rows(named=True)}
    assert by_id["TGHU1234561"]["in_manifest"] is False
    assert by_id["TGHU1234561"]["stowage_position"] == "0100182"
    assert by_id["MSCU1234565"]["in_manifest"] is True


def test_people_keep_their_role_and_vehicle():
    frame = person_frame([small_manifest()])
    assert frame.row(0, named=True)["role"] == "driver"
    assert frame.row(0, named=True)["vehicle_plate"] == "123ABC02"
