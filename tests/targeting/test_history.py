"""Indicators that need the unit's history or the analysts' marks, through the Django path."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from portcontrol.cargo.actions import ingest_file
from portcontrol.cargo.models import Consignment
from portcontrol.core import records
from portcontrol.targeting import actions
from portcontrol.targeting.history import batch_party_keys, unit_context
from portcontrol.targeting.models import Assessment, HighRiskPlace, KnownParty, UnitValueNorm

pytestmark = pytest.mark.django_db

PHONES = "851712"
SHIPPER = ("ТОО «Каспий Транс»", "KZ")
CONSIGNEE = ("Alyat Trade LLC", "AZ")


def voyage(
    number: str,
    goods: list[tuple[str, str, float, float]],
    *,
    days_ago: int = 0,
    shipper: tuple[str, str] = SHIPPER,
    consignee: tuple[str, str] = CONSIGNEE,
    transit: list[str] | None = None,
) -> records.Manifest:
    """A ferry voyage Kuryk -> Alyat, one document per goods line (hs, description, value, kg)."""
    arrived = datetime.now(UTC) - timedelta(days=days_ago)
    manifest = records.Manifest(format="csv")
    manifest.voyages.append(
        records.Voyage(
            number,
            records.TransportMode.FERRY,
            departure_port="KZKUR",
            arrival_port="AZALA",
            transit_ports=list(transit or []),
            departure_time=arrived - timedelta(hours=20),
            arrival_time=arrived,
        )
    )
    for index, (hs_code, description, value, kilos) in enumerate(goods, start=1):
        document = f"{number}-BL{index}"
        manifest.documents.append(records.TransportDocument(document, number))
        manifest.parties.append(
            records.Party(records.PartyRole.SHIPPER, shipper[0], document, country=shipper[1])
        )
        manifest.parties.append(
            records.Party(records.PartyRole.CONSIGNEE, consignee[0], document, country=consignee[1])
        )
        manifest.consignments.append(
            records.Consignment(
                document,
                1,
                hs_code=hs_code,
                description=description,
                packages=10,
                gross_weight_kg=Decimal(str(kilos)),
                value=Decimal(str(value)),
                currency="USD",
            )
        )
    return manifest


@pytest.fixture
def ingest(analyst, monkeypatch):
    """Store a manifest through the cargo ingest; the targeting hook assesses it."""

    def store(manifest: records.Manifest):  # type: ignore[no-untyped-def]
        monkeypatch.setattr("portcontrol.cargo.actions._read", lambda import_run: manifest)
        number = manifest.voyages[0].number
        return ingest_file(
            unit=analyst.unit,
            data=number.encode(),
            name=f"{number}.csv",
            by=analyst,
            source="cli",
        )

    return store


def reasons_of(description: str) -> dict[str, dict]:
    """The current assessment's reasons of the line with this description, by key."""
    line = Consignment.objects.get(description=description)
    assessment = Assessment.objects.get(consignment=line, is_current=True)
    return {reason["key"]: reason for reason in assessment.reasons}


def phone_history(count: int = 30) -> list[tuple[str, str, float, float]]:
    """Phones declared at 95-105 USD per kg, as the unit usually sees them."""
    return [(PHONES, f"Mobile phones lot {n}", 9500 + 10 * n, 100) for n in range(count)]


# --- unit value norms --------------------------------------------------------------------------


def test_an_undervalued_line_gets_the_unit_value_hit(analyst, ingest):
    ingest(voyage("KUR-H1", phone_history(), days_ago=30))
    call_command("learn_norms", "--unit", "KZKUR")
    ingest(
        voyage(
            "KUR-T1",
            [(PHONES, "Phones cheap", 200, 100), (PHONES, "Phones usual", 10000, 100)],
        )
    )
    cheap = reasons_of("Phones cheap")
    assert "unit_value" in cheap
    assert cheap["unit_value"]["lane"] == "yellow"
    assert "undervaluation" in cheap["unit_value"]["label"]
    assert "unit_value" not in reasons_of("Phones usual")


def test_norms_are_stored_as_json_with_the_fit_time_and_sample_size(analyst, ingest, capsys):
    ingest(voyage("KUR-H1", phone_history(25), days_ago=30))
    call_command("learn_norms", "--unit", "KZKUR", "--days", "60")
    stored = UnitValueNorm.objects.get(unit=analyst.unit)
    assert stored.lines == 25 and stored.codes == 1 and stored.days == 60
    assert stored.norms["norms"][0]["hs6"] == PHONES
    json.dumps(stored.norms)  # plain JSON, no pickle
    assert "1 HS codes with a norm from 25 lines" in capsys.readouterr().out


def test_lines_older_than_the_window_are_not_learned(analyst, ingest):
    ingest(voyage("KUR-H1", phone_history(25), days_ago=90))
    call_command("learn_norms", "--unit", "KZKUR", "--days", "30")
    assert UnitValueNorm.objects.get(unit=analyst.unit).codes == 0


def test_the_first_fit_leaves_out_the_lines_being_assessed(analyst, ingest):
    ingest(voyage("KUR-H1", phone_history(25), days_ago=30))
    # The first assessment ever found no norms and fitted them without its own voyage.
    assert UnitValueNorm.objects.get(unit=analyst.unit).lines == 0


def test_day_old_norms_are_refitted_after_an_import(
    analyst, ingest, django_capture_on_commit_callbacks
):
    ingest(voyage("KUR-H1", phone_history(), days_ago=30))
    UnitValueNorm.objects.filter(unit=analyst.unit).update(
        fitted_at=timezone.now() - timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        ingest(voyage("KUR-T1", [(PHONES, "Phones cheap", 200, 100)]))
    stored = UnitValueNorm.objects.get(unit=analyst.unit)
    assert stored.codes == 1 and stored.fitted_at > timezone.now() - timedelta(minutes=5)
    actions.assess_unit(analyst.unit)
    assert "unit_value" in reasons_of("Phones cheap")


def test_fresh_norms_are_not_refitted(analyst, ingest, django_capture_on_commit_callbacks):
    ingest(voyage("KUR-H1", phone_history(), days_ago=30))
    before = UnitValueNorm.objects.get(unit=analyst.unit).fitted_at
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ingest(voyage("KUR-T1", [(PHONES, "Phones cheap", 200, 100)]))
    assert UnitValueNorm.objects.get(unit=analyst.unit).fitted_at == before
    assert callbacks == []


# --- parties seen before -----------------------------------------------------------------------


def test_a_party_seen_for_the_first_time_gets_first_seen_and_not_later(analyst, ingest):
    new_shipper = ("ТОО «Жаңа Серіктес»", "KZ")
    ingest(
        voyage("KUR-P1", [("100199", "Wheat first", 4400, 20000)], days_ago=2, shipper=new_shipper)
    )
    first = reasons_of("Wheat first")
    assert "first_seen" in first
    assert first["first_seen"]["lane"] is None  # adds weight only
    ingest(
        voyage("KUR-P2", [("100199", "Wheat again", 4400, 20000)], days_ago=1, shipper=new_shipper)
    )
    assert "first_seen" not in reasons_of("Wheat again")


def test_re_assessing_both_voyages_together_keeps_the_first_one_new(analyst, ingest):
    new_shipper = ("Caspian Newcomer LLP", "KZ")
    ingest(
        voyage("KUR-P1", [("100199", "Wheat first", 4400, 20000)], days_ago=2, shipper=new_shipper)
    )
    ingest(
        voyage("KUR-P2", [("100199", "Wheat again", 4400, 20000)], days_ago=1, shipper=new_shipper)
    )
    actions.assess_unit(analyst.unit)
    assert "first_seen" in reasons_of("Wheat first")
    assert "first_seen" not in reasons_of("Wheat again")


def test_known_parties_are_remembered_once_with_the_earliest_time(analyst, ingest):
    ingest(voyage("KUR-P2", [("100199", "Wheat late", 4400, 20000)], days_ago=1))
    ingest(voyage("KUR-P1", [("100199", "Wheat early", 4400, 20000)], days_ago=5))
    key = KnownParty.objects.get(unit=analyst.unit, key="name:AZ:alyat trade")
    assert key.first_seen_at < timezone.now() - timedelta(days=4)
    # The voyage loaded second arrived first: its parties are the new ones on re-assessment.
    actions.assess_unit(analyst.unit)
    assert "first_seen" in reasons_of("Wheat early")
    assert "first_seen" not in reasons_of("Wheat late")


def test_learn_norms_records_the_parties_of_the_history(analyst, ingest):
    ingest(voyage("KUR-P1", [("100199", "Wheat", 4400, 20000)], days_ago=3))
    KnownParty.objects.all().delete()
    call_command("learn_norms", "--unit", "KZKUR")
    keys = set(KnownParty.objects.values_list("key", flat=True))
    assert {"name:KZ:kaspiy trans", "name:AZ:alyat trade"} <= keys


def test_batch_party_keys_meet_across_scripts():
    import polars as pl

    lines = pl.DataFrame(
        {
            "voyage_number": ["V1", "V2"],
            "shipper_name": ["ТОО «Арман Пак»", "Arman Pak LLP"],
            "shipper_country": ["KZ", "KZ"],
            "shipper_tax_id": [None, None],
            "consignee_name": [None, None],
            "consignee_country": [None, None],
            "consignee_tax_id": [None, None],
        },
        schema_overrides={
            "shipper_tax_id": pl.Utf8,
            "consignee_name": pl.Utf8,
            "consignee_country": pl.Utf8,
            "consignee_tax_id": pl.Utf8,
        },
    )
    keys = batch_party_keys(lines)
    assert keys.get_column("key").unique().to_list() == ["name:KZ:arman pak"]


# --- high-risk places --------------------------------------------------------------------------


def test_a_line_routed_through_a_marked_place_gets_the_analysts_lane_until_removed(
    analyst, ingest, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        place = actions.mark_place(
            agency=analyst.unit.agency,
            unit=analyst.unit,
            code="ir bnd",
            reason="transshipment of heroin seized in 2024",
            lane="red",
            by=analyst,
        )
    assert place.code == "IRBND"
    ingest(voyage("KUR-R1", [("090240", "Black tea", 3000, 1000)], transit=["IRBND"]))
    found = reasons_of("Black tea")
    assert found["high_risk_route"]["lane"] == "red"
    assert "transshipment of heroin" in found["high_risk_route"]["label"]
    line = Consignment.objects.get(description="Black tea")
    assert Assessment.objects.get(consignment=line, is_current=True).lane == "red"

    with django_capture_on_commit_callbacks(execute=True):
        actions.unmark_place(place, by=analyst)
    assert "high_risk_route" not in reasons_of("Black tea")


def test_a_national_country_mark_reaches_every_unit_of_the_agency(analyst, make_unit):
    actions.mark_place(
        agency=analyst.unit.agency,
        unit=None,
        code="AF",
        reason="opiate source",
        lane="yellow",
        by=analyst,
    )
    other = make_unit("KZAKT")
    assert [p.code for p in unit_context(other).high_risk_places] == ["AF"]
    assert unit_context(make_unit("AZALA")).high_risk_places == ()


@pytest.mark.parametrize("code", ["XX", "KZKU", "KZ-K1R", "ZZABC"])
def test_a_wrong_place_code_is_refused(analyst, code):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        actions.mark_place(
            agency=analyst.unit.agency,
            unit=analyst.unit,
            code=code,
            reason="r",
            lane="red",
            by=analyst,
        )
    assert "code" in error.value.message_dict
    assert not HighRiskPlace.objects.exists()


def test_a_place_is_not_marked_twice(analyst):
    fields = {"agency": analyst.unit.agency, "unit": analyst.unit, "reason": "r", "lane": "red"}
    actions.mark_place(code="AF", by=analyst, **fields)
    with pytest.raises(actions.TargetingError):
        actions.mark_place(code="af", by=analyst, **fields)
