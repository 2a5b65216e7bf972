"""JSON manifests with WCO Data Model names: mapping, pointers, odd values, round trip."""

from __future__ import annotations

import json
from dataclasses import fields as dataclass_fields
from decimal import Decimal
from typing import Any

import pytest

from portcontrol.core.errors import Place, ReadError
from portcontrol.core.formats import read_manifest, write_json
from portcontrol.core.formats.wco_json import read_json
from portcontrol.core.records import CargoUnitKind, DocumentKind, PersonRole, TransportMode


def declaration(**changes: Any) -> dict[str, Any]:
    """A Declaration of one ferry crossing with one bill of lading and two goods items."""
    body: dict[str, Any] = {
        "BorderTransportMeans": {
            "JourneyID": "KZKUR-AZALA-0001",
            "ID": "9321483",
            "IdentificationTypeCode": "10",
            "Name": "Professor Gul",
            "ModeCode": "1",
            "ModeName": "ferry",
            "DepartureDateTime": "2024-05-01T10:00:00Z",
            "ArrivalDateTime": "2024-05-02T06:00:00Z",
        },
        "Carrier": {"Name": "ASCO"},
        "LoadingLocation": {"ID": "KZKUR"},
        "UnloadingLocation": {"ID": "AZALA"},
        "Itinerary": [{"SequenceNumeric": 1, "RoutingCountryCode": "AZ", "LocationID": "AZBAK"}],
        "Consignment": [
            {
                "TransportContractDocument": {"ID": "MBL0001", "TypeCode": "714"},
                "LoadingLocation": {"ID": "KZKUR"},
                "UnloadingLocation": {"ID": "AZALA"},
                "Consignor": {
                    "Name": "ТОО «Арман Транс»",
                    "Address": {"Line": "Aktau, 14 mkr", "CountryCode": "KZ"},
                },
                "Consignee": {"Name": "Bakı Tranzit MMC", "Address": {"CountryCode": "AZ"}},
                "NotifyParty": {"Name": "Azer Import LLC"},
                "TransportEquipment": [
                    {"ID": "MSCU1234566", "CharacteristicCode": "45G1", "Seal": [{"ID": "KZ01"}]}
                ],
                "GoodsItem": [
                    {
                        "SequenceNumeric": 1,
                        "Commodity": {
                            "Description": "Acetic anhydride",
                            "Classification": [{"ID": 291524, "IdentificationTypeCode": "HS"}],
                        },
                        "Packaging": {"QuantityQuantity": 20, "TypeCode": "DR"},
                        "GoodsMeasure": {
                            "GrossMassMeasure": 4000.50,
                            "NetNetWeightMeasure": "3900",
                        },
                        "CustomsValueAmount": {"value": 12000, "currencyID": "USD"},
                        "Origin": {"CountryCode": "KZ"},
                    },
                    {
                        "SequenceNumeric": 2,
                        "Commodity": {"Description": "Horses", "Classification": {"ID": "010121"}},
                        "GoodsMeasure": {"GrossMassMeasure": {"value": "900", "unitCode": "KGM"}},
                    },
                ],
            }
        ],
        "TransportEquipment": [{"ID": "TGHU1234567", "EmptyIndicator": True}],
        "Person": [
            {
                "RoleCode": "driver",
                "FamilyName": "Иванов",
                "GivenName": "Пётр",
                "BirthDate": "1980-02-03",
                "NationalityCountryCode": "KZ",
                "IdentityDocument": {"TypeCode": "P", "ID": "N1234567"},
            }
        ],
    }
    body.update(changes)
    return body


def document(*declarations: dict[str, Any]) -> bytes:
    """A JSON manifest of one or several Declarations."""
    body = declarations[0] if len(declarations) == 1 else list(declarations)
    return json.dumps({"Declaration": body}, ensure_ascii=False).encode()


def plain(records: list[Any]) -> list[dict[str, Any]]:
    """Records as dicts without places and warnings."""
    return [
        {
            f.name: getattr(r, f.name)
            for f in dataclass_fields(r)
            if f.name not in ("place", "issues")
        }
        for r in records
    ]


def test_declaration_maps_to_voyage_document_goods_units_and_people() -> None:
    manifest = read_manifest(document(declaration()), name="manifest.json")
    assert manifest.format == "json"
    (voyage,) = manifest.voyages
    assert (voyage.number, voyage.imo, voyage.transport_mode) == (
        "KZKUR-AZALA-0001",
        "9321483",
        TransportMode.FERRY,
    )
    assert (voyage.departure_port, voyage.arrival_port, voyage.transit_ports) == (
        "KZKUR",
        "AZALA",
        ["AZBAK"],
    )
    assert voyage.carrier == "ASCO"
    (bill,) = manifest.documents
    assert bill.kind is DocumentKind.HOUSE_BILL
    first, second = manifest.consignments
    assert (first.hs_code, first.packages, first.package_type) == ("291524", 20, "DR")
    assert (first.gross_weight_kg, first.net_weight_kg) == (Decimal("4000.50"), Decimal("3900"))
    assert (first.value, first.currency, first.origin_country) == (Decimal("12000"), "USD", "KZ")
    assert first.cargo_unit_ids == second.cargo_unit_ids == ["MSCU1234566"]
    assert (second.hs_code, second.gross_weight_kg) == ("010121", Decimal("900"))
    roles = {party.role.value: party for party in manifest.parties}
    assert roles["shipper"].address == "Aktau, 14 mkr"
    assert set(roles) == {"shipper", "consignee", "notify"}
    units = {unit.identifier: unit for unit in manifest.cargo_units}
    assert units["MSCU1234566"].seals == ["KZ01"]
    assert units["TGHU1234567"].is_empty is True
    (driver,) = manifest.persons
    assert (driver.role, driver.family_name, driver.document_number) == (
        PersonRole.DRIVER,
        "Иванов",
        "N1234567",
    )


def test_places_are_json_pointers() -> None:
    manifest = read_json(document(declaration()))
    assert manifest.consignments[1].place == Place(pointer="/Declaration/Consignment/0/GoodsItem/1")
    assert manifest.persons[0].place == Place(pointer="/Declaration/Person/0")


def test_several_declarations_are_several_voyages() -> None:
    other = declaration()
    other["BorderTransportMeans"] = {"JourneyID": "AZALA-KZKUR-0002", "ModeCode": "2"}
    other["Consignment"][0]["TransportContractDocument"]["ID"] = "MBL0002"
    manifest = read_json(document(declaration(), other))
    assert [voyage.number for voyage in manifest.voyages] == [
        "KZKUR-AZALA-0001",
        "AZALA-KZKUR-0002",
    ]
    assert manifest.voyages[1].transport_mode is TransportMode.RAIL
    assert manifest.consignments[-1].place.pointer == "/Declaration/1/Consignment/0/GoodsItem/1"


def test_a_value_of_the_wrong_type_is_left_out_with_a_warning() -> None:
    body = declaration()
    body["Consignment"][0]["GoodsItem"][0]["Commodity"]["Description"] = {"text": "hidden"}
    body["Consignment"][0]["GoodsItem"][1]["Packaging"] = "twenty"
    manifest = read_json(document(body))
    warnings = {(issue.code, issue.place.pointer) for issue in manifest.issues}
    assert ("json.type", "/Declaration/Consignment/0/GoodsItem/0/Commodity/Description") in warnings
    assert ("json.type", "/Declaration/Consignment/0/GoodsItem/1/Packaging") in warnings
    assert manifest.consignments[0].description == ""
    assert len(manifest.consignments) == 2


def test_a_mass_in_another_unit_is_not_taken_as_kilograms() -> None:
    body = declaration()
    body["Consignment"][0]["GoodsItem"][1]["GoodsMeasure"] = {
        "GrossMassMeasure": {"value": "2", "unitCode": "TNE"}
    }
    manifest = read_json(document(body))
    assert manifest.consignments[1].gross_weight_kg is None
    assert "json.unit" in [issue.code for issue in manifest.issues]


def test_an_id_of_another_type_is_not_an_imo_number() -> None:
    body = declaration()
    body["BorderTransportMeans"]["IdentificationTypeCode"] = "11"
    assert read_json(document(body)).voyages[0].imo is None


def test_a_goods_item_without_a_document_number_is_rejected_with_its_pointer() -> None:
    body = declaration()
    del body["Consignment"][0]["TransportContractDocument"]
    manifest = read_json(document(body))
    assert manifest.consignments == []
    assert [r.place.pointer for r in manifest.rejected] == [
        "/Declaration/Consignment/0/GoodsItem/0",
        "/Declaration/Consignment/0/GoodsItem/1",
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'{"Consignment": []}', "json.not_wco"),
        (b"[1, 2]", "json.not_wco"),
        (b'{"Declaration": []}', "json.not_wco"),
        (b'{"Declaration": {"BorderTransportMeans": {"JourneyID": "V1"}', "json.syntax"),
    ],
)
def test_documents_that_are_not_manifests_are_refused(data: bytes, code: str) -> None:
    with pytest.raises(ReadError) as refused:
        read_json(data)
    assert refused.value.code == code


def test_invalid_json_names_its_line() -> None:
    with pytest.raises(ReadError) as refused:
        read_json(b'{\n"Declaration": {\n"x": tru\n}}')
    assert refused.value.place.line == 3


def test_json_written_reads_back_to_the_same_records() -> None:
    first = read_json(document(declaration()))
    written = write_json(first)
    assert json.loads(written)["Declaration"]["BorderTransportMeans"]["JourneyID"] == (
        "KZKUR-AZALA-0001"
    )
    back = read_manifest(written)
    assert back.rejected == []
    for kind in ("voyages", "documents", "consignments", "parties", "cargo_units", "persons"):
        assert plain(getattr(back, kind)) == plain(getattr(first, kind)), kind


def test_writer_uses_wco_names_and_exact_decimals() -> None:
    body = json.loads(write_json(read_json(document(declaration()))))["Declaration"]
    goods = body["Consignment"][0]["GoodsItem"][0]
    assert goods["Commodity"]["Classification"] == [
        {"ID": "291524", "IdentificationTypeCode": "HS"}
    ]
    assert goods["GoodsMeasure"]["GrossMassMeasure"] == "4000.5"
    assert goods["CustomsValueAmount"] == {"value": "12000", "currencyID": "USD"}
    assert body["Consignment"][0]["TransportContractDocument"]["TypeCode"] == "714"
    assert body["TransportEquipment"] == [
        {"ID": "TGHU1234567", "KindCode": "container", "EmptyIndicator": True}
    ]


def test_writer_writes_a_list_for_several_voyages_and_units_of_every_kind() -> None:
    other = declaration()
    other["BorderTransportMeans"] = {"JourneyID": "AZALA-KZKUR-0002", "ModeName": "road"}
    other["Consignment"][0]["TransportContractDocument"]["ID"] = "CMR0002"
    other["Consignment"][0]["TransportEquipment"] = [{"ID": "01ABC123", "KindCode": "truck"}]
    manifest = read_json(document(declaration(), other))
    body = json.loads(write_json(manifest))
    assert [d["BorderTransportMeans"]["JourneyID"] for d in body["Declaration"]] == [
        "KZKUR-AZALA-0001",
        "AZALA-KZKUR-0002",
    ]
    back = read_json(write_json(manifest))
    trucks = [unit for unit in back.cargo_units if unit.kind is CargoUnitKind.TRUCK]
    assert [unit.identifier for unit in trucks] == ["01ABC123"]


def test_numbers_keep_every_digit_no_float_rounding() -> None:
    data = document(declaration()).replace(
        b'"GrossMassMeasure": 4000.5', b'"GrossMassMeasure": 12345678901234.57'
    )
    assert read_json(data).consignments[0].gross_weight_kg == Decimal("12345678901234.57")
