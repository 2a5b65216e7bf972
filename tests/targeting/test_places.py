"""The high-risk places page for every persona: members see, analysts mark and remove, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portcontrol.accounts.models import AuditEntry
from portcontrol.targeting import actions
from portcontrol.targeting.models import HighRiskPlace

pytestmark = pytest.mark.django_db

FORM = {"code": "IRBND", "reason": "heroin transshipment", "lane": "red"}


@pytest.fixture
def place(analyst):
    return actions.mark_place(
        agency=analyst.unit.agency,
        unit=analyst.unit,
        code="AFKBL",
        reason="opiate route",
        lane="yellow",
        by=analyst,
    )


@pytest.mark.parametrize("persona", ["analyst", "officer", "supervisor"])
def test_member_sees_the_places(request, client_for, place, persona):
    response = client_for(request.getfixturevalue(persona)).get(reverse("targeting:places"))
    assert response.status_code == 200
    assert b"AFKBL" in response.content and b"opiate route" in response.content


def test_officer_may_view_but_not_mark_or_remove(client_for, officer, place):
    client = client_for(officer)
    assert b"Mark a place" not in client.get(reverse("targeting:places")).content
    assert client.post(reverse("targeting:places"), FORM).status_code == 403
    remove = client.post(reverse("targeting:place_remove", args=[place.pk]))
    assert remove.status_code == 403
    assert HighRiskPlace.objects.filter(removed_at__isnull=True).count() == 1


def test_outsider_sees_nothing_and_gets_404_on_removal(client_for, outsider, place):
    client = client_for(outsider)
    page = client.get(reverse("targeting:places"))
    assert page.status_code == 200 and b"AFKBL" not in page.content
    assert client.post(reverse("targeting:place_remove", args=[place.pk])).status_code == 404
    place.refresh_from_db()
    assert place.is_active


def test_partner_gets_404(client_for, partner, place):
    client = client_for(partner)
    assert client.get(reverse("targeting:places")).status_code == 404
    assert client.post(reverse("targeting:place_remove", args=[place.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("targeting:places"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_analyst_marks_and_removes_a_place_with_audit_rows(client_for, analyst):
    client = client_for(analyst)
    response = client.post(reverse("targeting:places"), FORM)
    assert response.status_code == 302
    place = HighRiskPlace.objects.get(code="IRBND")
    assert (place.lane, place.unit, place.added_by) == ("red", analyst.unit, analyst)
    marked = AuditEntry.objects.get(action="targeting.place.marked")
    assert marked.object_id == str(place.pk) and marked.actor == analyst

    assert client.post(reverse("targeting:place_remove", args=[place.pk])).status_code == 302
    place.refresh_from_db()
    assert not place.is_active and place.removed_by == analyst
    assert AuditEntry.objects.filter(action="targeting.place.removed", object_id=str(place.pk))
    page = client.get(reverse("targeting:places")).content
    assert b"IRBND" not in page
    assert b"IRBND" in client.get(reverse("targeting:places") + "?removed=1").content


def test_a_wrong_code_is_shown_on_the_form(client_for, analyst):
    response = client_for(analyst).post(reverse("targeting:places"), {**FORM, "code": "XX1"})
    assert response.status_code == 200
    assert b"UN/LOCODE" in response.content
    assert not HighRiskPlace.objects.exists()
