"""Raw fields through the ManifestBuilder: records kept with warnings, or rejected with reasons."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portcontrol.core.errors import Place, Severity
from portcontrol.core.manifest import CONSIGNMENT_ROW_FIELDS, ManifestBuilder
from portcontrol.core.records import CargoUnitKind, DocumentKind, PersonRole, TransportMode


def consignment_row(**changes):
    """A valid ferry consignment row, Kuryk to Alyat, with the given fields changed."""
    row = {
        "voyage_number": "KUR-0501",
        "transport_mode": "ferry",
        "vessel_name": "Composer Rasul Gasimov",
        "vessel_imo": "IMO 9074729",
        "departure_port": "KZ KUR",
        "arrival_port": "AZALA",
        "departure_time": "2024-05-01 18:00",
        "arrival_time": "02.05.2024 14:00",
        "document_number": "KURALA-001",
        "document_type": "B/L",
        "shipper_name": "ТОО Каспий Логистик",
        "shipper_country": "KZ",
        "shipper_tax_id": "050540001232",
        "consignee_name": "Alyat Trade LLC",
        "consignee_country": "AZE",
        "consignee_tax_id": "1401555071",
        "item_number": "1",
        "hs_code": "2915.24",
        "goods_description": "acetic anhydride",
        "packages": "10",
        "package_type": "dr",
        "gross_weight_kg": "1 234,5",
        "net_weight_kg": "1200",
        "value": "5000",
        "currency": "usd",
        "origin_country": "Kazakhstan",
        "cargo_unit_id": "CSQU3054383",
        "cargo_unit_type": "container",
        "seals": "KZ1001; KZ1002",
        "size_type": "22g1",
    }
    row.update(changes)
    return row


def build(*rows, kind="consignment"):
    """The manifest of rows added in order, numbered from line 2 as in a CSV file."""
    builder = ManifestBuilder("csv")
    add = {
        "consignment": builder.add_consignment_row,
        "cargo_unit": builder.add_cargo_unit_row,
        "person": builder.add_person_row,
        "voyage": builder.add_voyage,
    }[kind]
    for line, row in enumerate(rows, start=2):
        add(row, Place(line=line))
    return builder.build()


def warning_codes(manifest):
    return [issue.code for issue in manifest.warnings()]


def reason_codes(manifest):
    return [reason.code for item in manifest.rejected for reason in item.reasons]


def test_a_valid_row_makes_every_record_without_warnings():
    manifest = build(consignment_row())
    assert manifest.counts() == {
        "voyages": 1,
        "documents": 1,
        "consignments": 1,
        "cargo_units": 1,
        "parties": 2,
        "persons": 0,
        "rejected": 0,
    }
    assert manifest.warnings() == []
    voyage, document = manifest.voyages[0], manifest.documents[0]
    assert (voyage.transport_mode, voyage.imo) == (TransportMode.FERRY, "9074729")
    assert (voyage.departure_port, voyage.arrival_port) == ("KZKUR", "AZALA")
    assert voyage.arrival_time == datetime(2024, 5, 2, 14, 0, tzinfo=UTC)
    assert (document.kind, document.voyage_number) == (DocumentKind.MASTER_BILL, "KUR-0501")
    item = manifest.consignments[0]
    assert item.hs_code == "291524"
    assert item.gross_weight_kg == Decimal("1234.5")
    assert (item.currency, item.origin_country, item.package_type) == ("USD", "KZ", "DR")
    assert item.cargo_unit_ids == ["CSQU3054383"]
    unit = manifest.cargo_units[0]
    assert (unit.kind, unit.seals, unit.size_type) == (
        CargoUnitKind.CONTAINER,
        ["KZ1001", "KZ1002"],
        "22G1",
    )
    assert {p.tax_id for p in manifest.parties} == {"050540001232", "1401555071"}


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"document_number": ""}, "consignment.document_missing"),
        ({"voyage_number": " "}, "consignment.voyage_missing"),
        ({"hs_code": "acetic"}, "hs.invalid"),
        ({"hs_code": "2915.99"}, "hs.unknown"),
        ({"hs_code": "9999.99"}, "hs.invalid"),
        ({"packages": "ten"}, "packages.invalid"),
        ({"packages": "2.5"}, "packages.invalid"),
        ({"packages": "-1"}, "packages.negative"),
        ({"gross_weight_kg": "12 kg"}, "gross_weight_kg.invalid"),
        ({"net_weight_kg": "-5"}, "net_weight_kg.negative"),
        ({"value": "a lot"}, "value.invalid"),
        ({"item_number": "first"}, "item_number.invalid"),
        ({"cargo_unit_gross_weight_kg": "heavy"}, "cargo_unit_gross_weight_kg.invalid"),
    ],
)
def test_each_reject_reason(changes, code):
    manifest = build(consignment_row(**changes))
    assert manifest.consignments == []
    assert reason_codes(manifest) == [code]
    rejected = manifest.rejected[0]
    assert rejected.kind == "consignment"
    assert rejected.place.line == 2
    assert all(r.severity is Severity.ERROR for r in rejected.reasons)
    column = next(iter(changes))
    assert rejected.reasons[0].place.column == column


def test_reasons_name_the_value():
    manifest = build(consignment_row(packages="-1", hs_code="2915.99"))
    messages = [str(r) for r in manifest.rejected[0].reasons]
    assert "line 2, column hs_code: HS code 2915.99: not in HS 2022" in messages
    assert "line 2, column packages: packages -1: negative" in messages


def test_rejected_item_keeps_its_valid_voyage_and_document_but_no_goods():
    manifest = build(consignment_row(hs_code="2915.99"))
    assert len(manifest.voyages) == 1 and len(manifest.documents) == 1
    assert manifest.consignments == []


def test_row_without_voyage_number_leaves_nothing_behind():
    manifest = build(consignment_row(voyage_number="", document_number=""))
    assert manifest.voyages == [] and manifest.documents == [] and manifest.cargo_units == []
    assert sorted(reason_codes(manifest)) == [
        "consignment.document_missing",
        "consignment.voyage_missing",
    ]


def test_rejected_item_corrected_and_resubmitted_is_accepted():
    first = build(consignment_row(hs_code="2915.99", packages="ten"))
    rejected = first.rejected[0]
    assert "hs_code" in rejected.fields and "voyage_number" in rejected.fields
    corrected = dict(rejected.fields, hs_code="2915.24", packages="10")
    second = build(corrected)
    assert second.rejected == []
    assert second.consignments[0].hs_code == "291524"
    assert second.consignments[0].packages == 10


@pytest.mark.parametrize(
    ("changes", "code", "column"),
    [
        ({"cargo_unit_id": "MSCU1234565"}, "container.check_digit", "cargo_unit_id"),
        ({"cargo_unit_id": "СSQU3054383"}, "container.cyrillic_letters", "cargo_unit_id"),
        ({"cargo_unit_id": "CSQU3O54383"}, "container.letter_digit_confusion", "cargo_unit_id"),
        ({"cargo_unit_id": "CSQU30543"}, "container.format", "cargo_unit_id"),
        ({"hs_code": "2844.40"}, "hs.previous_edition", "hs_code"),
        ({"hs_code": "10121"}, "hs.leading_zero", "hs_code"),
        ({"arrival_port": "AZ-ALYAT"}, "locode.unknown", "arrival_port"),
        ({"departure_port": "KZZZZ"}, "locode.unknown", "departure_port"),
        ({"vessel_imo": "9074728"}, "imo.check_digit", "vessel_imo"),
        ({"vessel_imo": "unknown"}, "imo.invalid", "vessel_imo"),
        ({"origin_country": "Narnia"}, "country.unknown", "origin_country"),
        ({"currency": "XYZ"}, "currency.unknown", "currency"),
        ({"shipper_tax_id": "050540001233"}, "tax_id.invalid", "shipper_tax_id"),
        ({"transport_mode": "by air"}, "transport_mode.unknown", "transport_mode"),
        ({"cargo_unit_type": "balloon"}, "cargo_unit_type.unknown", "cargo_unit_type"),
        ({"arrival_time": "yesterday"}, "arrival_time.invalid", "arrival_time"),
        ({"arrival_time": "2024-04-30 10:00"}, "voyage.times_order", "arrival_time"),
        ({"net_weight_kg": "2000"}, "consignment.net_above_gross", "net_weight_kg"),
        ({"consignee_name": ""}, "party.name_missing", "consignee_name"),
    ],
)
def test_each_warning_keeps_the_data(changes, code, column):
    manifest = build(consignment_row(**changes))
    assert manifest.rejected == []
    assert len(manifest.consignments) == 1
    found = [issue for issue in manifest.warnings() if issue.code == code]
    assert len(found) == 1, warning_codes(manifest)
    assert found[0].place.column == column
    assert found[0].severity is Severity.WARNING


def test_kept_values_are_repaired_or_kept_as_given():
    manifest = build(
        consignment_row(
            cargo_unit_id="МSCU1234565",
            arrival_port="AZ-ALYAT",
            origin_country="Narnia",
            hs_code="2844.40",
        )
    )
    assert manifest.cargo_units[0].identifier == "MSCU1234565"
    assert manifest.voyages[0].arrival_port == "AZ-ALYAT"
    assert manifest.consignments[0].origin_country == "Narnia"
    assert manifest.consignments[0].hs_code == "284440"
    message = next(i.message for i in manifest.warnings() if i.code == "container.check_digit")
    assert message == "container number MSCU1234565: check digit should be 6"


def test_duplicates_are_merged_by_key():
    manifest = build(
        consignment_row(),
        consignment_row(item_number="2", hs_code="2939.41"),
        consignment_row(item_number="3", cargo_unit_id="CSQU 305438-3", seals="KZ1003"),
        consignment_row(
            document_number="KURALA-002", item_number="1", shipper_name="ТОО  Каспий Логистик"
        ),
    )
    assert manifest.counts()["voyages"] == 1
    assert manifest.counts()["documents"] == 2
    assert manifest.counts()["cargo_units"] == 1
    assert manifest.counts()["consignments"] == 4
    assert manifest.cargo_units[0].seals == ["KZ1001", "KZ1002", "KZ1003"]
    shippers = [p for p in manifest.parties if p.role == "shipper"]
    assert [p.document_number for p in shippers] == ["KURALA-001", "KURALA-002"]
    assert manifest.warnings() == []


def test_a_repeat_fills_blanks_and_reports_a_conflict():
    manifest = build(
        consignment_row(vessel_imo="", arrival_port="AZALA"),
        consignment_row(item_number="2", vessel_imo="9074729", arrival_port="AZBAK"),
    )
    voyage = manifest.voyages[0]
    assert voyage.imo == "9074729"
    assert voyage.arrival_port == "AZALA"
    assert warning_codes(manifest) == ["record.conflict"]


def test_missing_item_numbers_are_counted_and_repeats_warned():
    manifest = build(
        consignment_row(item_number=""),
        consignment_row(item_number=""),
        consignment_row(item_number="2"),
    )
    assert [c.item_number for c in manifest.consignments] == [1, 2, 2]
    assert warning_codes(manifest) == ["consignment.duplicate_item"]


def test_several_cargo_units_in_one_field():
    manifest = build(consignment_row(cargo_unit_id="CSQU3054383, MSKU1234565", seals=""))
    assert [u.identifier for u in manifest.cargo_units] == ["CSQU3054383", "MSKU1234565"]
    assert manifest.consignments[0].cargo_unit_ids == ["CSQU3054383", "MSKU1234565"]


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("контейнер", CargoUnitKind.CONTAINER),
        ("прицеп", CargoUnitKind.TRAILER),
        ("Тягач", CargoUnitKind.TRUCK),
        ("грузовик", CargoUnitKind.TRUCK),
        ("вагон", CargoUnitKind.RAIL_WAGON),
        ("rail_wagon", CargoUnitKind.RAIL_WAGON),
        ("Semi-trailer", CargoUnitKind.TRAILER),
    ],
)
def test_cargo_unit_kind_from_common_and_russian_words(word, kind):
    manifest = build(consignment_row(cargo_unit_type=word, cargo_unit_id="01ABC123"))
    assert manifest.cargo_units[0].kind is kind


def test_kind_is_guessed_from_the_identifier_when_not_given():
    manifest = build(
        consignment_row(cargo_unit_type="", cargo_unit_id="CSQU3054383"),
        consignment_row(cargo_unit_type="", cargo_unit_id="777 ABC 02", item_number="2"),
    )
    assert [u.kind for u in manifest.cargo_units] == [CargoUnitKind.CONTAINER, CargoUnitKind.OTHER]
    assert manifest.cargo_units[1].identifier == "777ABC02"
    assert manifest.warnings() == []


def test_road_document_without_a_kind_is_a_consignment_note():
    manifest = build(consignment_row(transport_mode="road", document_type=""))
    assert manifest.documents[0].kind is DocumentKind.ROAD_CONSIGNMENT_NOTE


def test_cargo_unit_row_is_kept_or_rejected():
    manifest = build(
        {
            "voyage_number": "KUR-0501",
            "cargo_unit_id": "MSKU1234565",
            "is_empty": "yes",
            "loading_port": "KZKUR",
            "discharge_port": "AZBAK",
            "stowage_position": "0120082",
        },
        {"voyage_number": "KUR-0501", "cargo_unit_type": "trailer"},
        kind="cargo_unit",
    )
    unit = manifest.cargo_units[0]
    assert (unit.is_empty, unit.loading_port, unit.discharge_port) == (True, "KZKUR", "AZBAK")
    assert unit.stowage_position == "0120082"
    assert len(manifest.voyages) == 1
    assert reason_codes(manifest) == ["cargo_unit.identifier_missing"]
    assert manifest.rejected[0].kind == "cargo_unit"


def test_person_row_is_kept_with_normalised_fields():
    manifest = build(
        {
            "voyage_number": "KUR-0501",
            "person_role": "Водитель",
            "family_name": " Ivanov ",
            "given_names": "Ivan  Petrovich",
            "date_of_birth": "15.09.1988",
            "nationality": "KAZ",
            "gender": "м",
            "travel_document_type": "p",
            "travel_document_number": "N 1234567",
            "vehicle_plate": "777 ABC 02",
        },
        kind="person",
    )
    person = manifest.persons[0]
    assert (person.role, person.family_name, person.given_names) == (
        PersonRole.DRIVER,
        "Ivanov",
        "Ivan Petrovich",
    )
    assert person.date_of_birth.isoformat() == "1988-09-15"
    assert (person.nationality, person.gender, person.document_type) == ("KZ", "M", "P")
    assert (person.document_number, person.vehicle_plate) == ("N1234567", "777ABC02")
    assert manifest.voyages[0].number == "KUR-0501"
    assert manifest.warnings() == []


def test_person_without_family_name_is_rejected_and_odd_values_warned():
    manifest = build(
        {"voyage_number": "KUR-0501", "given_names": "Ivan"},
        {
            "voyage_number": "KUR-0501",
            "family_name": "Aliyev",
            "person_role": "stowaway",
            "date_of_birth": "31.02.1990",
            "gender": "?",
            "nationality": "Atlantis",
        },
        kind="person",
    )
    assert reason_codes(manifest) == ["person.family_name_missing"]
    assert manifest.rejected[0].kind == "person"
    assert sorted(warning_codes(manifest)) == [
        "country.unknown",
        "date_of_birth.invalid",
        "gender.unknown",
        "person_role.unknown",
    ]
    assert manifest.persons[0].role is PersonRole.PASSENGER


def test_voyage_given_on_its_own():
    manifest = build(
        {
            "voyage_number": "TMKRW-7",
            "transport_mode": "паром",
            "departure_port": "TMKRW",
            "arrival_port": "AZALA",
            "transit_ports": "AZBAK; KZAAU",
            "departure_time": "202405011830",
        },
        {"vessel_name": "Berkarar"},
        kind="voyage",
    )
    voyage = manifest.voyages[0]
    assert voyage.transport_mode is TransportMode.FERRY
    assert voyage.transit_ports == ["AZBAK", "KZAAU"]
    assert voyage.departure_time == datetime(2024, 5, 1, 18, 30, tzinfo=UTC)
    assert reason_codes(manifest) == ["voyage.number_missing"]
    assert manifest.rejected[0].fields == {"vessel_name": "Berkarar"}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(CONSIGNMENT_ROW_FIELDS), st.text(max_size=15)))
def test_any_field_values_give_records_or_rejections_never_an_exception(fields):
    manifest = build(consignment_row(**fields))
    assert len(manifest.consignments) + len(manifest.rejected) == 1
