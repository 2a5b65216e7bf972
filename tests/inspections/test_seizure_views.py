"""Seizure pages: who sees and changes what, the forms with their errors, list, history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portcontrol.accounts.models import Agency
from portcontrol.inspections import seizure_actions
from portcontrol.inspections.models import CustodyTransfer, Inspection, Seizure, SeizureVersion

pytestmark = pytest.mark.django_db

YEAR = datetime.now(UTC).year
READ_VIEWS = ("seizure", "seizure_history", "seizure_pdf")
WRITE_VIEWS = ("seizure_correct", "seizure_custody")


def post_data(**overrides):  # type: ignore[no-untyped-def]
    """The seizure form as a browser posts it."""
    seized = timezone.localtime() - timedelta(hours=1)
    data = {
        "seized_at": seized.strftime("%Y-%m-%dT%H:%M"),
        "place": "KZKUR",
        "category": "drugs",
        "drug_type": "heroin",
        "description": "Heroin in bricks",
        "hs_code": "",
        "quantity": "12.5",
        "quantity_unit": "kg",
        "estimated_value": "",
        "currency": "",
        "concealment": "false_compartment",
        "cargo_unit": "MSKU 123456 5",
        "concealment_place": "double floor",
        "departure": "AFKBL",
        "transit": "IRBND",
        "destination": "KZ",
        "parties": "shipper; ТОО «Каспий Транс»; KZ\nconsignee; Alyat Trade LLC; AZ",
        "arrested": "IVANOV Oleg; KZ; 1980-02-03; N1234567",
        "case_reference": "0123/26",
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def seizure(inspection, records, officer):  # type: ignore[no-untyped-def]
    """A seizure of the border service's inspection (the partner takes part in it)."""
    return seizure_actions.record_seizure(
        unit=officer.unit,
        fields={
            "seized_at": datetime.now(UTC) - timedelta(hours=2),
            "place": "KZKUR",
            "category": "drugs",
            "drug_type": "heroin",
            "description": "Heroin in bricks",
            "quantity": Decimal("12.5"),
            "quantity_unit": "kg",
            "concealment": "false_compartment",
            "cargo_unit": records.cargo_unit,
        },
        by=officer,
        inspection=inspection,
    )


# --- who ----------------------------------------------------------------------------------


@pytest.mark.parametrize("view", READ_VIEWS + WRITE_VIEWS)
def test_outsiders_and_other_partners_get_404_on_every_seizure_page(
    client_for, seizure, outsider, police_partner, administrator, view
):
    url = reverse(f"inspections:{view}", args=[seizure.pk])
    for user in (outsider, police_partner, administrator):
        assert client_for(user).get(url).status_code == 404, user
        assert client_for(user).post(url, {}).status_code == 404, user


@pytest.mark.parametrize("view", READ_VIEWS)
def test_the_partner_taking_part_reads(client_for, seizure, partner, view):
    response = client_for(partner).get(reverse(f"inspections:{view}", args=[seizure.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("view", WRITE_VIEWS)
def test_the_partner_taking_part_changes_nothing(client_for, seizure, partner, view):
    url = reverse(f"inspections:{view}", args=[seizure.pk])
    client = client_for(partner)
    assert client.get(url).status_code == 404
    posted = client.post(url, post_data(version="1", comment="x", to_agency="1"))
    assert posted.status_code == 404
    seizure.refresh_from_db()
    assert (seizure.version, seizure.held_by_id) == (1, seizure.unit.agency_id)


@pytest.mark.parametrize("view", READ_VIEWS + WRITE_VIEWS)
def test_unit_workers_open_every_page(client_for, seizure, officer, analyst, supervisor, view):
    url = reverse(f"inspections:{view}", args=[seizure.pk])
    for user in (officer, analyst, supervisor):
        assert client_for(user).get(url).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client, seizure, inspection):
    urls = [reverse(f"inspections:{view}", args=[seizure.pk]) for view in READ_VIEWS + WRITE_VIEWS]
    urls += [
        reverse("inspections:seizures"),
        reverse("inspections:seizure_new_direct"),
        reverse("inspections:seizure_new", args=[inspection.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_recording_forms_are_for_unit_workers_of_the_inspections_unit(
    client_for, inspection, officer, outsider, partner, police_partner, administrator
):
    from_inspection = reverse("inspections:seizure_new", args=[inspection.pk])
    direct = reverse("inspections:seizure_new_direct")
    assert client_for(officer).get(from_inspection).status_code == 200
    assert client_for(officer).get(direct).status_code == 200
    assert client_for(outsider).get(direct).status_code == 200
    for user in (outsider, partner, police_partner, administrator):
        assert client_for(user).get(from_inspection).status_code == 404, user
        assert client_for(user).post(from_inspection, post_data()).status_code == 404, user
    for user in (partner, police_partner, administrator):
        assert client_for(user).get(direct).status_code == 404, user
    assert Seizure.objects.count() == 0


def test_no_seizure_is_recorded_in_a_cancelled_inspection(client_for, inspection, officer):
    Inspection.objects.filter(pk=inspection.pk).update(status="cancelled")
    url = reverse("inspections:seizure_new", args=[inspection.pk])
    assert client_for(officer).get(url).status_code == 403


def test_the_list_shows_each_reader_only_theirs(
    client_for, seizure, officer, partner, police_partner, outsider, administrator
):
    url = reverse("inspections:seizures")
    listed = lambda user: list(client_for(user).get(url).context["page"])  # noqa: E731
    assert listed(officer) == [seizure]
    assert listed(partner) == [seizure]
    assert listed(police_partner) == []
    assert listed(outsider) == []
    assert client_for(administrator).get(url).status_code == 404


# --- recording through the page ------------------------------------------------------------


def test_the_form_of_an_inspection_starts_from_what_it_knows(client_for, inspection, officer):
    response = client_for(officer).get(reverse("inspections:seizure_new", args=[inspection.pk]))
    form = response.context["form"]
    assert form["voyage"].value() == "KUR-0412"
    assert form["cargo_unit"].value() == "MSKU1234565"
    assert (form["departure"].value(), form["destination"].value()) == ("KZKUR", "AZALA")
    assert form["place"].value() == "KZKUR"


def test_recording_from_an_inspection_through_the_page(client_for, inspection, officer, records):
    url = reverse("inspections:seizure_new", args=[inspection.pk])
    response = client_for(officer).post(url, post_data(voyage="SOMETHING-ELSE"))
    seizure = Seizure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:seizure", args=[seizure.pk])
    assert seizure.reference == f"KZKUR-{YEAR}-0001"
    assert (seizure.inspection, seizure.voyage, seizure.cargo_unit) == (
        inspection,
        records.voyage,
        records.cargo_unit,
    )
    assert seizure.parties[1] == {"role": "consignee", "name": "Alyat Trade LLC", "country": "AZ"}
    assert seizure.arrested == [
        {"name": "IVANOV Oleg", "nationality": "KZ", "born": "1980-02-03", "document": "N1234567"}
    ]


def test_errors_are_shown_on_their_fields_and_nothing_is_saved(client_for, inspection, officer):
    url = reverse("inspections:seizure_new", args=[inspection.pk])
    response = client_for(officer).post(
        url,
        post_data(
            drug_type="",
            quantity="0",
            place="KZXXX",
            estimated_value="100",
            currency="usdollars",
            arrested="Somebody; Mars",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"drug_type", "quantity", "place", "currency", "arrested"} <= set(errors)
    assert "KZXXX" in errors["place"][0]
    assert "Mars" in errors["arrested"][0]
    assert "KZXXX" in response.content.decode()
    assert Seizure.objects.count() == 0


def test_a_direct_seizure_names_its_voyage_and_cargo_unit(client_for, officer, records):
    url = reverse("inspections:seizure_new_direct")
    client = client_for(officer)
    unknown = client.post(url, post_data(voyage="KUR-9999"))
    assert "KUR-9999" in unknown.context["form"].errors["voyage"][0]
    no_container = client.post(url, post_data(voyage="KUR-0412", cargo_unit="TGHU6543218"))
    assert "TGHU6543218" in no_container.context["form"].errors["cargo_unit"][0]
    response = client.post(url, post_data(voyage="kur-0412"))
    assert response.status_code == 302
    made = Seizure.objects.get()
    assert (made.inspection, made.voyage, made.cargo_unit) == (
        None,
        records.voyage,
        records.cargo_unit,
    )


def test_a_vessel_area_is_chosen_from_the_inspections_plan(client_for, vessel_search, officer):
    engine_room = vessel_search.areas.get(kind="engine_room")
    url = reverse("inspections:seizure_new", args=[vessel_search.pk])
    response = client_for(officer).post(
        url,
        post_data(
            cargo_unit="",
            search_area=str(engine_room.pk),
            concealment="vessel_structure",
            concealment_place="",
        ),
    )
    assert response.status_code == 302
    assert Seizure.objects.get().search_area == engine_room


# --- correction, history, custody through the pages ----------------------------------------


def correction(seizure, **overrides):  # type: ignore[no-untyped-def]
    data = post_data(
        seized_at=timezone.localtime(seizure.seized_at).strftime("%Y-%m-%dT%H:%M"),
        concealment_place="",
        departure="",
        transit="",
        destination="",
        parties="",
        arrested="",
        case_reference="",
        version=str(seizure.version),
        comment="weighed again",
    )
    data.update(overrides)
    return data


def test_the_correction_form_shows_the_recorded_values(client_for, seizure, officer):
    url = reverse("inspections:seizure_correct", args=[seizure.pk])
    form = client_for(officer).get(url).context["form"]
    assert form["quantity"].value() == Decimal("12.500")
    assert form["cargo_unit"].value() == "MSKU1234565"
    assert form["version"].value() == 1


def test_a_correction_through_the_page_is_a_new_version(client_for, seizure, supervisor):
    url = reverse("inspections:seizure_correct", args=[seizure.pk])
    response = client_for(supervisor).post(url, correction(seizure, quantity="12.4"))
    assert response.status_code == 302
    seizure.refresh_from_db()
    assert (seizure.version, seizure.quantity) == (2, Decimal("12.4"))
    assert SeizureVersion.objects.get(seizure=seizure, number=2).comment == "weighed again"


def test_a_correction_without_a_reason_is_refused_on_the_page(client_for, seizure, officer):
    url = reverse("inspections:seizure_correct", args=[seizure.pk])
    response = client_for(officer).post(url, correction(seizure, quantity="12.4", comment=""))
    assert "comment" in response.context["form"].errors
    seizure.refresh_from_db()
    assert seizure.version == 1


def test_a_stale_correction_form_changes_nothing(client_for, seizure, officer, supervisor):
    url = reverse("inspections:seizure_correct", args=[seizure.pk])
    stale = correction(seizure, quantity="11")
    client_for(supervisor).post(url, correction(seizure, quantity="12.4"))
    response = client_for(officer).post(url, stale, follow=True)
    assert "Someone corrected this seizure" in response.content.decode()
    seizure.refresh_from_db()
    assert (seizure.version, seizure.quantity) == (2, Decimal("12.4"))


def test_the_history_shows_what_each_version_changed(client_for, seizure, officer, partner):
    seizure_actions.correct_seizure(
        seizure,
        {"quantity": Decimal("12.4"), "category": "precursors", "drug_type": ""},
        by=officer,
        version=1,
        comment="lab result: acetic anhydride",
    )
    response = client_for(partner).get(reverse("inspections:seizure_history", args=[seizure.pk]))
    first, second = response.context["rows"]
    changes = {str(label): (before, after) for label, before, after in second["changes"]}
    assert changes["quantity"] == ("12.5", "12.4")
    assert changes["commodity"] == ("Drugs", "Precursors")
    assert changes["drug type"] == ("Heroin", "—")
    assert "cargo unit" not in changes
    assert dict((str(k), a) for k, _b, a in first["changes"])["cargo unit"] == "MSKU1234565"
    assert "lab result: acetic anhydride" in response.content.decode()


def test_a_handover_through_the_page(client_for, seizure, officer):
    police = Agency.objects.create(code="KZ-POLICE", name="KZ Police", country="KZ", kind="police")
    url = reverse("inspections:seizure_custody", args=[seizure.pk])
    at = timezone.localtime(seizure.seized_at + timedelta(minutes=30))
    data = {
        "to_agency": str(police.pk),
        "handed_over_at": at.strftime("%Y-%m-%dT%H:%M"),
        "received_by": "Capt. Serikov",
        "note": "",
    }
    client = client_for(officer)
    assert client.post(url, data).status_code == 302
    seizure.refresh_from_db()
    assert seizure.held_by == police
    again = client.post(url, data)
    assert "to_agency" in again.context["form"].errors
    assert CustodyTransfer.objects.filter(seizure=seizure).count() == 1
    detail = client.get(reverse("inspections:seizure", args=[seizure.pk])).content.decode()
    assert "Capt. Serikov" in detail


def test_the_detail_links_the_seizures_photos(client_for, seizure, inspection, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portcontrol.inspections import actions

    photo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    upload = SimpleUploadedFile("bricks.png", photo, content_type="image/png")
    attachment = actions.add_attachment(inspection, by=officer, upload=upload, seizure=seizure)
    page = client_for(officer).get(reverse("inspections:seizure", args=[seizure.pk]))
    assert reverse("inspections:attachment", args=[attachment.pk]) in page.content.decode()


# --- the list -----------------------------------------------------------------------------


def test_the_list_filters_sorts_and_pages(client_for, seizure, officer, outsider):
    for days in range(1, 56):
        Seizure.objects.create(
            unit=officer.unit,
            reference=f"KZKUR-{YEAR}-9{days:03d}",
            seized_at=seizure.seized_at - timedelta(days=days),
            place="KZKUR",
            category="tobacco",
            description="Cigarettes",
            quantity=Decimal("1000"),
            quantity_unit="sticks",
            concealment="misdeclared",
            recorded_by=officer,
        )
    url = reverse("inspections:seizures")
    client = client_for(officer)
    first_page = client.get(url).context["page"]
    assert (first_page.paginator.count, len(first_page)) == (56, 50)
    assert first_page[0] == seizure
    assert list(client.get(url, {"category": "drugs"}).context["page"]) == [seizure]
    oldest = client.get(url, {"sort": "date"}).context["page"][0]
    assert oldest.reference == f"KZKUR-{YEAR}-9055"
    since = (timezone.localdate() - timedelta(days=3)).isoformat()
    # Counted from the rows: how many fall on or after that day depends on the time of day.
    expected = sum(
        timezone.localdate(at) >= date.fromisoformat(since)
        for at in Seizure.objects.values_list("seized_at", flat=True)
    )
    assert 3 <= expected <= 4
    assert client.get(url, {"date_from": since}).context["page"].paginator.count == expected
    assert client.get(url, {"own": "1"}).context["page"].paginator.count == 56
    page = client.get(url, {"category": "tobacco", "page": "2"})
    assert "category=tobacco" in page.content.decode()
    assert "1000 cigarette sticks" in page.content.decode()
    bad = client.get(url, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "date_to" in bad.context["form"].errors


def test_the_list_queries_do_not_grow_with_seizures(
    client_for, seizure, officer, django_assert_max_num_queries
):
    for number in range(30):
        Seizure.objects.create(
            unit=officer.unit,
            voyage=seizure.voyage,
            reference=f"KZKUR-{YEAR}-8{number:03d}",
            seized_at=seizure.seized_at,
            place="KZKUR",
            category="tobacco",
            description="Cigarettes",
            quantity=Decimal("1000"),
            quantity_unit="sticks",
            concealment="misdeclared",
            recorded_by=officer,
            held_by=seizure.held_by,
        )
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("inspections:seizures"))
    assert len(response.context["page"]) == 31
