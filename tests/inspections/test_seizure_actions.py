"""Seizure actions: record, numbering, the checks of each field, corrections, chain of custody."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from portcontrol.accounts.models import Agency, AuditEntry
from portcontrol.cargo.models import Party
from portcontrol.inspections import seizure_actions
from portcontrol.inspections.models import CustodyTransfer, Seizure, SeizureVersion

pytestmark = pytest.mark.django_db

YEAR = datetime.now(UTC).year


def fields(**overrides):  # type: ignore[no-untyped-def]
    """Valid values of a heroin seizure at Kuryk; overrides change or add fields."""
    values = {
        "seized_at": datetime.now(UTC) - timedelta(hours=1),
        "place": "KZKUR",
        "category": "drugs",
        "drug_type": "heroin",
        "description": "Героин в брикетах, 24 шт.",
        "hs_code": "2939.11",
        "quantity": Decimal("12.5"),
        "quantity_unit": "kg",
        "estimated_value": Decimal("250000"),
        "currency": "usd",
        "concealment": "false_compartment",
        "concealment_place": "double floor of the trailer",
        "departure": "afkbl",
        "transit": "IR BND, AZALA",
        "destination": "KZ",
        "parties": [{"role": "Shipper", "name": "ТОО «Каспий Транс»", "country": "kz"}],
        "arrested": [{"name": "IVANOV Oleg", "nationality": "KZ", "born": "1980-02-03"}],
        "case_reference": "UD-2026/114",
    }
    values.update(overrides)
    return values


def police() -> Agency:
    return Agency.objects.get_or_create(
        code="KZ-POLICE", defaults={"name": "KZ Police", "country": "KZ", "kind": "police"}
    )[0]


def other_voyage(records, number: str = "KUR-0413"):  # type: ignore[no-untyped-def]
    """A second voyage of the unit with a container of the same number."""
    from portcontrol.cargo.models import CargoUnit, Voyage

    voyage = Voyage.objects.create(
        unit=records.unit, number=number, first_import=records.voyage.first_import
    )
    return CargoUnit.objects.create(
        unit=records.unit,
        voyage=voyage,
        identifier=records.cargo_unit.identifier,
        import_run=records.voyage.first_import,
    )


def audit_of(seizure: Seizure) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type="inspections.seizure", object_id=str(seizure.pk)
        ).order_by("id")
    )


@pytest.fixture
def seizure(officer):
    return seizure_actions.record_seizure(unit=officer.unit, fields=fields(), by=officer)


# --- recording ----------------------------------------------------------------------------


def test_recording_numbers_normalises_versions_and_audits(seizure, officer):
    assert seizure.reference == f"KZKUR-{YEAR}-0001"
    assert (seizure.place, seizure.departure, seizure.transit) == ("KZKUR", "AFKBL", "IRBND, AZALA")
    assert (seizure.currency, seizure.hs_code, seizure.quantity) == (
        "USD",
        "293911",
        Decimal("12.5"),
    )
    assert seizure.parties == [{"role": "shipper", "name": "ТОО «Каспий Транс»", "country": "KZ"}]
    assert seizure.held_by == officer.unit.agency
    version = SeizureVersion.objects.get(seizure=seizure)
    assert (version.number, version.saved_by, version.comment) == (1, officer, "")
    assert version.data["quantity"] == "12.500"
    assert version.data["arrested"][0]["nationality"] == "KZ"
    [entry] = audit_of(seizure)
    assert entry.action == "inspections.seizure.recorded"
    assert entry.details["reference"] == seizure.reference
    assert entry.details["changed"]["category"] == [None, "drugs"]


def test_numbers_run_per_unit_and_year(seizure, officer, outsider):
    second = seizure_actions.record_seizure(unit=officer.unit, fields=fields(), by=officer)
    elsewhere = seizure_actions.record_seizure(
        unit=outsider.unit, fields=fields(place="AZALA"), by=outsider
    )
    last_year = seizure_actions.record_seizure(
        unit=officer.unit,
        fields=fields(seized_at=datetime(YEAR - 1, 6, 1, 12, 0, tzinfo=UTC)),
        by=officer,
    )
    assert second.reference == f"KZKUR-{YEAR}-0002"
    assert elsewhere.reference == f"AZALA-{YEAR}-0001"
    assert last_year.reference == f"KZKUR-{YEAR - 1}-0001"


def test_the_number_after_9999_is_10000(seizure, officer):
    Seizure.objects.filter(pk=seizure.pk).update(reference=f"KZKUR-{YEAR}-9999")
    assert seizure_actions.next_reference_number(f"KZKUR-{YEAR}-") == 10000
    made = seizure_actions.record_seizure(unit=officer.unit, fields=fields(), by=officer)
    assert made.reference == f"KZKUR-{YEAR}-10000"


def test_a_number_taken_meanwhile_is_not_reused(seizure, officer, monkeypatch):
    """Two saves read the same highest number: the second retries and takes the next."""
    real = seizure_actions.next_reference_number
    calls: list[str] = []

    def stale_first(prefix: str) -> int:
        calls.append(prefix)
        return 1 if len(calls) == 1 else real(prefix)

    monkeypatch.setattr(seizure_actions, "next_reference_number", stale_first)
    other = seizure_actions.record_seizure(unit=officer.unit, fields=fields(), by=officer)
    assert other.reference == f"KZKUR-{YEAR}-0002"
    assert len(calls) == 2
    assert SeizureVersion.objects.filter(seizure=other).count() == 1
    assert Seizure.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_recordings_get_distinct_numbers(make_user):
    """Officers saving at the same moment each get their own number, with no gap."""
    officers = [make_user(f"officer{n}") for n in range(4)]
    barrier = threading.Barrier(len(officers))
    references: list[str] = []
    failures: list[BaseException] = []

    def save(user):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            made = seizure_actions.record_seizure(unit=user.unit, fields=fields(), by=user)
            references.append(made.reference)
        except BaseException as error:  # noqa: BLE001  reported below with the test's failure
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(references) == [f"KZKUR-{YEAR}-{n:04d}" for n in range(1, 5)]
    assert SeizureVersion.objects.count() == 4


# --- checks, one field at a time -----------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"drug_type": ""}, "drug_type", "drug type"),
        ({"category": "tobacco"}, "drug_type", "only when the commodity is drugs"),
        ({"quantity": Decimal("0")}, "quantity", "more than 0"),
        ({"quantity": Decimal("-3")}, "quantity", "more than 0"),
        ({"quantity": Decimal("1.0001")}, "quantity", "decimal places"),
        ({"quantity": None}, "quantity", "required"),
        ({"quantity_unit": "tonnes"}, "quantity_unit", "not a valid choice"),
        ({"place": "KZXXX"}, "place", "KZXXX"),
        ({"place": "QQ"}, "place", "QQ"),
        ({"place": ""}, "place", "required"),
        ({"departure": "Nowhere"}, "departure", "UN/LOCODE"),
        ({"transit": "AZALA, ZZ999"}, "transit", "ZZ999"),
        ({"destination": "XX"}, "destination", "XX"),
        ({"currency": "usdx"}, "currency", "ISO 4217"),
        ({"currency": "XYZ"}, "currency", "XYZ"),
        ({"currency": ""}, "currency", "currency of the estimated value"),
        ({"estimated_value": None}, "estimated_value", "give the estimated value"),
        ({"estimated_value": Decimal("-1")}, "estimated_value", "negative"),
        ({"hs_code": "9999.99"}, "hs_code", "9999.99"),
        ({"seized_at": datetime.now(UTC) + timedelta(days=1)}, "seized_at", "future"),
        ({"description": " "}, "description", "required"),
        ({"category": "ivory"}, "category", "not a valid choice"),
        ({"concealment_place": ""}, "concealment_place", "where the goods were hidden"),
        ({"parties": [{"role": "boss", "name": "X"}]}, "parties", "role boss"),
        ({"parties": [{"role": "shipper", "name": ""}]}, "parties", "name is missing"),
        ({"parties": [{"role": "shipper", "name": "X", "country": "Atlantis"}]}, "parties", "Atl"),
        ({"arrested": [{"name": "X", "nationality": "Mars"}]}, "arrested", "Mars"),
        ({"arrested": [{"name": "X", "born": "2999-01-01"}]}, "arrested", "past date"),
        ({"arrested": [{"name": "X", "born": "03.02.1980"}]}, "arrested", "YYYY-MM-DD"),
        ({"arrested": [{"name": ""}]}, "arrested", "name is missing"),
    ],
)
def test_a_wrong_value_is_refused_naming_its_field(officer, overrides, field, words):
    with pytest.raises(ValidationError) as caught:
        seizure_actions.record_seizure(unit=officer.unit, fields=fields(**overrides), by=officer)
    errors = caught.value.message_dict
    assert field in errors, errors
    assert any(words.lower() in message.lower() for message in errors[field]), errors[field]
    assert Seizure.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="inspections.seizure").exists()


def test_every_mistake_is_reported_at_once(officer):
    wrong = fields(drug_type="", quantity=Decimal("0"), place="KZXXX", currency="ABCD")
    with pytest.raises(ValidationError) as caught:
        seizure_actions.record_seizure(unit=officer.unit, fields=wrong, by=officer)
    assert {"drug_type", "quantity", "place", "currency"} <= set(caught.value.message_dict)


def test_a_country_is_enough_for_the_route_and_a_blank_route_is_allowed(officer):
    made = seizure_actions.record_seizure(
        unit=officer.unit,
        fields=fields(departure="af", transit="", destination="", concealment="misdeclared"),
        by=officer,
    )
    assert (made.departure, made.transit, made.destination) == ("AF", "", "")


# --- where: voyage, cargo unit, search area ------------------------------------------------


def test_a_seizure_of_an_inspection_is_on_its_voyage(inspection, officer, records):
    made = seizure_actions.record_seizure(
        unit=officer.unit,
        fields=fields(cargo_unit=records.cargo_unit),
        by=officer,
        inspection=inspection,
    )
    assert (made.voyage, made.inspection, made.cargo_unit) == (
        records.voyage,
        inspection,
        records.cargo_unit,
    )


def test_a_cargo_unit_of_another_voyage_is_refused(inspection, officer, records):
    other = other_voyage(records)
    with pytest.raises(ValidationError) as caught:
        seizure_actions.record_seizure(
            unit=officer.unit,
            fields=fields(cargo_unit=other),
            by=officer,
            inspection=inspection,
        )
    assert "KUR-0412" in caught.value.message_dict["cargo_unit"][0]


def test_another_voyage_than_the_inspections_is_refused(inspection, officer, records):
    other = other_voyage(records)
    with pytest.raises(ValidationError) as caught:
        seizure_actions.record_seizure(
            unit=officer.unit, fields=fields(voyage=other.voyage), by=officer, inspection=inspection
        )
    assert "KUR-0413" in caught.value.message_dict["voyage"][0]


def test_a_voyage_of_another_unit_is_refused(officer, make_records):
    alyat = make_records("AZALA", number="ALA-0001")
    with pytest.raises(ValidationError) as caught:
        seizure_actions.record_seizure(
            unit=officer.unit, fields=fields(cargo_unit=alyat.cargo_unit), by=officer
        )
    assert "ALA-0001" in caught.value.message_dict["voyage"][0]


def test_the_search_area_must_be_of_the_same_inspection(vessel_search, make_inspection, officer):
    engine_room = vessel_search.areas.get(kind="engine_room")
    other = make_inspection("vessel", areas=["stores"])
    made = seizure_actions.record_seizure(
        unit=officer.unit,
        fields=fields(search_area=engine_room, concealment_place=""),
        by=officer,
        inspection=vessel_search,
    )
    assert made.search_area == engine_room
    with pytest.raises(ValidationError) as caught:
        seizure_actions.record_seizure(
            unit=officer.unit, fields=fields(search_area=engine_room), by=officer, inspection=other
        )
    assert "search_area" in caught.value.message_dict
    with pytest.raises(ValidationError):
        seizure_actions.record_seizure(
            unit=officer.unit, fields=fields(search_area=engine_room), by=officer
        )


def test_an_inspection_of_another_unit_is_refused(inspection, outsider):
    with pytest.raises(seizure_actions.SeizureError):
        seizure_actions.record_seizure(
            unit=outsider.unit, fields=fields(), by=outsider, inspection=inspection
        )


def test_the_inspection_fills_in_voyage_route_parties_and_cargo_unit(make_inspection, records):
    Party.objects.create(
        unit=records.unit,
        voyage=records.voyage,
        document=records.consignment.document,
        role="shipper",
        name="ТОО «Каспий Транс»",
        country="KZ",
        import_run=records.voyage.first_import,
    )
    for target in ("consignment", "cargo_unit"):
        defaults = seizure_actions.inspection_defaults(make_inspection(target))
        assert defaults["voyage"] == records.voyage
        assert defaults["cargo_unit"] == records.cargo_unit
        assert (defaults["departure"], defaults["destination"]) == ("KZKUR", "AZALA")
        assert defaults["place"] == "KZKUR"
        assert defaults["parties"] == [
            {"role": "shipper", "name": "ТОО «Каспий Транс»", "country": "KZ"}
        ]
    assert seizure_actions.inspection_defaults(make_inspection("person"))["parties"] == []


# --- corrections --------------------------------------------------------------------------


def test_a_correction_is_a_new_version_with_its_reason_and_audit(seizure, supervisor):
    saved = seizure_actions.correct_seizure(
        seizure,
        {"quantity": Decimal("13"), "case_reference": "UD-2026/115"},
        by=supervisor,
        version=1,
        comment="weighed again at the laboratory",
    )
    seizure.refresh_from_db()
    assert (seizure.version, seizure.quantity, saved.number) == (2, Decimal("13"), 2)
    first, second = SeizureVersion.objects.filter(seizure=seizure).order_by("number")
    assert (first.data["quantity"], second.data["quantity"]) == ("12.500", "13.000")
    assert second.comment == "weighed again at the laboratory"
    entry = audit_of(seizure)[-1]
    assert entry.action == "inspections.seizure.corrected"
    assert entry.details["changed"] == {
        "quantity": ["12.500", "13.000"],
        "case_reference": ["UD-2026/114", "UD-2026/115"],
    }
    assert entry.details["comment"] == "weighed again at the laboratory"
    assert entry.actor == supervisor
    assert seizure.reference == f"KZKUR-{YEAR}-0001"


def test_a_correction_needs_a_reason(seizure, officer):
    with pytest.raises(ValidationError) as caught:
        seizure_actions.correct_seizure(
            seizure, {"quantity": Decimal("13")}, by=officer, version=1, comment="  "
        )
    assert "comment" in caught.value.message_dict
    seizure.refresh_from_db()
    assert (seizure.version, seizure.quantity) == (1, Decimal("12.5"))


def test_a_stale_correction_is_refused_and_changes_nothing(seizure, officer, supervisor):
    seizure_actions.correct_seizure(
        seizure, {"quantity": Decimal("13")}, by=supervisor, version=1, comment="reweighed"
    )
    with pytest.raises(seizure_actions.SeizureConflict):
        seizure_actions.correct_seizure(
            seizure, {"quantity": Decimal("11")}, by=officer, version=1, comment="typo"
        )
    seizure.refresh_from_db()
    assert (seizure.version, seizure.quantity) == (2, Decimal("13"))
    assert SeizureVersion.objects.filter(seizure=seizure).count() == 2


def test_a_wrong_correction_changes_nothing(seizure, officer):
    with pytest.raises(ValidationError) as caught:
        seizure_actions.correct_seizure(
            seizure, {"category": "tobacco"}, by=officer, version=1, comment="not drugs"
        )
    assert "drug_type" in caught.value.message_dict
    with pytest.raises(ValidationError):
        seizure_actions.correct_seizure(seizure, {}, by=officer, version=1, comment="nothing")
    seizure.refresh_from_db()
    assert (seizure.version, seizure.category) == (1, "drugs")
    assert [e.action for e in audit_of(seizure)] == ["inspections.seizure.recorded"]


def test_the_same_values_written_again_are_no_correction(seizure, officer):
    """Values as the form posts them (text, seconds dropped) equal the stored ones."""
    same = {"quantity": Decimal("12.5000"), "currency": "USD", "transit": "IRBND,AZALA"}
    with pytest.raises(ValidationError, match="Nothing was changed"):
        seizure_actions.correct_seizure(seizure, same, by=officer, version=1, comment="same")


# --- chain of custody ---------------------------------------------------------------------


def test_handovers_make_a_chain_and_move_the_holder(seizure, officer, partner):
    customs = officer.unit.agency
    at = seizure.seized_at + timedelta(minutes=30)
    first = seizure_actions.hand_over_seizure(
        seizure, to_agency=police(), handed_over_at=at, received_by="Capt. Serikov", by=officer
    )
    second = seizure_actions.hand_over_seizure(
        seizure,
        to_agency=partner.agency,
        handed_over_at=at + timedelta(minutes=10),
        received_by="Lt. Abenov",
        by=officer,
        note="for the laboratory",
    )
    seizure.refresh_from_db()
    assert seizure.held_by == partner.agency
    chain = list(CustodyTransfer.objects.filter(seizure=seizure))
    assert [(t.from_agency, t.to_agency) for t in chain] == [
        (customs, police()),
        (police(), partner.agency),
    ]
    assert (first.received_by, second.note) == ("Capt. Serikov", "for the laboratory")
    entries = [e for e in audit_of(seizure) if e.action == "inspections.seizure.custody"]
    assert [e.details["to"] for e in entries] == ["KZ-POLICE", "KZ-BORDER"]
    assert seizure.version == 1


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("same holder", "to_agency"),
        ("before the seizure", "handed_over_at"),
        ("in the future", "handed_over_at"),
        ("nobody received", "received_by"),
        ("before the last handover", "handed_over_at"),
    ],
)
def test_a_wrong_handover_is_refused(seizure, officer, case, field):
    at = seizure.seized_at + timedelta(minutes=30)
    to_agency, received_by = police(), "Capt. Serikov"
    if case == "same holder":
        to_agency = officer.unit.agency
    elif case == "before the seizure":
        at = seizure.seized_at - timedelta(minutes=1)
    elif case == "in the future":
        at = datetime.now(UTC) + timedelta(days=1)
    elif case == "nobody received":
        received_by = "  "
    else:
        seizure_actions.hand_over_seizure(
            seizure, to_agency=police(), handed_over_at=at, received_by="A", by=officer
        )
        to_agency = officer.unit.agency
        at -= timedelta(minutes=5)
    before = CustodyTransfer.objects.count()
    with pytest.raises(ValidationError) as caught:
        seizure_actions.hand_over_seizure(
            seizure, to_agency=to_agency, handed_over_at=at, received_by=received_by, by=officer
        )
    assert field in caught.value.message_dict
    assert CustodyTransfer.objects.count() == before
