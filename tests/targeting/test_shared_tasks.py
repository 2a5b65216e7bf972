"""Sharing a task with the border service or police, and what their officers then read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portcontrol.accounts.choices import AgencyKind, Role
from portcontrol.accounts.labels import action_label
from portcontrol.accounts.models import Agency, AuditEntry, User
from portcontrol.inspections import actions as inspection_actions
from portcontrol.inspections.actions import InspectionPlan
from portcontrol.targeting import actions
from portcontrol.targeting.actions import TargetingError
from portcontrol.targeting.models import TaskEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def border(partner) -> Agency:
    """The KZ Border Service, the agency of the ``partner`` persona."""
    return partner.agency


@pytest.fixture
def police_partner(db) -> User:
    """An officer of the KZ police: a partner agency the task is not shared with."""
    police = Agency.objects.create(
        code="KZ-POLICE", name="KZ Police", country="KZ", kind=AgencyKind.POLICE
    )
    return User.objects.create_user(
        "police", password="pw-police", role=Role.PARTNER, agency=police
    )


def _shared_url(task) -> str:  # type: ignore[no-untyped-def]
    return reverse("targeting:shared_task", args=[task.pk])


def _audits(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


# --- the actions --------------------------------------------------------------------------


def test_supervisor_shares_a_task_and_it_is_audited_and_in_the_history(task, supervisor, border):
    added = actions.share_task(task, [border], by=supervisor)

    assert added == [border]
    assert list(task.shared_with.all()) == [border]
    [entry] = _audits(actions.TASK_SHARED)
    assert entry.actor == supervisor
    assert entry.unit_id == task.unit_id
    assert entry.object_id == str(task.pk)
    assert entry.details["agencies"] == ["KZ-BORDER"]
    assert "KZ Border Service" in entry.summary
    event = TaskEvent.objects.filter(task=task).last()
    assert (event.action, event.actor, event.note) == (
        "shared",
        supervisor,
        "KZ Border Service (KZ-BORDER)",
    )


def test_sharing_again_with_the_same_agency_writes_nothing(task, analyst, border):
    actions.share_task(task, [border], by=analyst)

    assert actions.share_task(task, [border], by=analyst) == []
    assert len(_audits(actions.TASK_SHARED)) == 1


def test_officer_may_not_share(task, officer, border):
    with pytest.raises(TargetingError, match="only an analyst or a supervisor shares a task"):
        actions.share_task(task, [border], by=officer)
    assert not task.shared_with.exists()
    assert _audits(actions.TASK_SHARED) == []


def test_analyst_of_another_unit_may_not_share(task, outsider, border):
    with pytest.raises(TargetingError, match=rf"task #{task.pk} is not of your unit"):
        actions.share_task(task, [border], by=outsider)
    assert not task.shared_with.exists()


def test_agency_of_another_country_is_refused(task, supervisor):
    foreign = Agency.objects.create(
        code="AZ-BORDER", name="AZ Border", country="AZ", kind=AgencyKind.BORDER_SERVICE
    )
    with pytest.raises(
        TargetingError, match="AZ-BORDER: a task of KZKUR is shared only with agencies of KZ"
    ):
        actions.share_task(task, [foreign], by=supervisor)
    assert not task.shared_with.exists()


def test_the_units_own_customs_agency_is_refused(task, supervisor):
    with pytest.raises(TargetingError, match="KZ-CUSTOMS is the unit's own agency"):
        actions.share_task(task, [task.unit.agency], by=supervisor)
    assert not task.shared_with.exists()


def test_an_agency_that_is_neither_border_service_nor_police_is_refused(task, supervisor):
    ministry = Agency.objects.create(code="KZ-MIN", name="Ministry", country="KZ", kind="other")
    with pytest.raises(TargetingError, match="KZ-MIN: a task is shared only with the border"):
        actions.share_task(task, [ministry], by=supervisor)


def test_sharing_with_no_agency_is_refused(task, supervisor):
    with pytest.raises(TargetingError, match="choose at least one agency"):
        actions.share_task(task, [], by=supervisor)


def test_unsharing_is_audited_and_the_partner_loses_access(
    task, supervisor, partner, border, client_for
):
    actions.share_task(task, [border], by=supervisor)
    client = client_for(partner)
    assert client.get(_shared_url(task)).status_code == 200

    removed = actions.unshare_task(task, [border], by=supervisor)

    assert removed == [border]
    assert not task.shared_with.exists()
    [entry] = _audits(actions.TASK_UNSHARED)
    assert entry.details == {"agencies": ["KZ-BORDER"], "shared_with": []}
    assert TaskEvent.objects.filter(task=task).last().action == "unshared"
    assert client.get(_shared_url(task)).status_code == 404
    listing = client.get(reverse("targeting:shared_tasks"))
    assert task.target_label.encode() not in listing.content


def test_set_sharing_adds_and_removes_to_match_the_ticks(task, supervisor, border, police_partner):
    police = police_partner.agency
    actions.share_task(task, [border], by=supervisor)

    added, removed = actions.set_task_sharing(task, [police], by=supervisor)

    assert (added, removed) == ([police], [border])
    assert list(task.shared_with.all()) == [police]
    assert len(_audits(actions.TASK_SHARED)) == 2
    assert len(_audits(actions.TASK_UNSHARED)) == 1


def test_eligible_agencies_are_the_countrys_border_service_and_police(task, border, police_partner):
    Agency.objects.create(code="AZ-POLICE", name="AZ Police", country="AZ", kind="police")
    Agency.objects.create(code="KZ-MIN", name="Ministry", country="KZ", kind="other")

    codes = [agency.code for agency in actions.partner_agencies_of(task.unit)]

    assert codes == ["KZ-BORDER", "KZ-POLICE"]


def test_new_audit_actions_have_labels():
    for code in (actions.TASK_SHARED, actions.TASK_UNSHARED):
        assert action_label(code) != code


# --- the partner's pages ------------------------------------------------------------------


def test_partner_of_the_shared_agency_sees_the_task_in_the_list_and_detail(
    task, supervisor, partner, border, client_for
):
    actions.share_task(task, [border], by=supervisor)
    client = client_for(partner)

    listing = client.get(reverse("targeting:shared_tasks"))
    detail = client.get(_shared_url(task))

    assert listing.status_code == 200
    assert _shared_url(task).encode() in listing.content
    assert b"MSKU1234565" in listing.content
    assert detail.status_code == 200
    text = detail.content.decode()
    for expected in ("MSKU1234565", "KUR-0412", "PRE-AA matched", str(task.score)):
        assert expected in text
    assert str(task.get_lane_display()) in text
    # Read-only: no form to claim, order or share, and no link into the unit's own pages.
    assert '<form method="post" action="/targeting/' not in text
    assert reverse("targeting:task", args=[task.pk]) not in text


def test_partner_sees_the_link_to_an_inspection_their_agency_takes_part_in(
    task, supervisor, officer, partner, border, client_for
):
    actions.claim_task(task, by=officer, version=task.version)
    task.refresh_from_db()
    inspection = inspection_actions.order_inspection(
        unit=task.unit,
        by=officer,
        plan=InspectionPlan(kind="physical", agencies=[border]),
        task=task,
        task_version=task.version,
    )
    actions.share_task(task, [border], by=supervisor)

    detail = client_for(partner).get(_shared_url(task))

    link = reverse("inspections:detail", args=[inspection.pk])
    assert link.encode() in detail.content
    assert client_for(partner).get(link).status_code == 200


def test_partner_of_another_agency_gets_404(task, supervisor, border, police_partner, client_for):
    actions.share_task(task, [border], by=supervisor)
    client = client_for(police_partner)

    assert client.get(_shared_url(task)).status_code == 404
    listing = client.get(reverse("targeting:shared_tasks"))
    assert listing.status_code == 200
    assert b"MSKU1234565" not in listing.content


@pytest.mark.parametrize("persona", ["outsider", "officer", "supervisor", "administrator"])
def test_anyone_but_a_partner_gets_404_on_the_shared_pages(
    request, task, supervisor, border, client_for, persona
):
    actions.share_task(task, [border], by=supervisor)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(_shared_url(task)).status_code == 404
    assert client.get(reverse("targeting:shared_tasks")).status_code == 404


def test_anonymous_is_sent_to_login(client, task):
    response = client.get(_shared_url(task))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_partner_has_the_shared_tasks_link_and_unit_members_do_not(partner, officer, client_for):
    link = reverse("targeting:shared_tasks").encode()
    assert link in client_for(partner).get(reverse("inspections:list")).content
    assert link not in client_for(officer).get(reverse("targeting:queue")).content


# --- the unit's task page -----------------------------------------------------------------


def test_task_page_shows_the_sharing_form_to_analysts_and_supervisors_only(
    task, supervisor, officer, border, client_for
):
    share_url = reverse("targeting:task_share", args=[task.pk]).encode()
    page = client_for(supervisor).get(reverse("targeting:task", args=[task.pk]))
    assert share_url in page.content
    assert b'value="%d"' % border.pk in page.content

    page = client_for(officer).get(reverse("targeting:task", args=[task.pk]))
    assert share_url not in page.content
    assert b"Not shared with a partner agency." in page.content


def test_supervisor_shares_through_the_task_page(task, supervisor, border, client_for):
    client = client_for(supervisor)
    response = client.post(
        reverse("targeting:task_share", args=[task.pk]), {"agencies": [border.pk]}
    )

    assert response.status_code == 302
    assert list(task.shared_with.all()) == [border]
    page = client.get(reverse("targeting:task", args=[task.pk]))
    assert b"KZ Border Service" in page.content

    client.post(reverse("targeting:task_share", args=[task.pk]), {})
    assert not task.shared_with.exists()
    assert len(_audits(actions.TASK_UNSHARED)) == 1


def test_posting_a_foreign_agency_changes_nothing(task, supervisor, client_for):
    foreign = Agency.objects.create(
        code="AZ-BORDER", name="AZ Border", country="AZ", kind=AgencyKind.BORDER_SERVICE
    )
    client = client_for(supervisor)
    response = client.post(
        reverse("targeting:task_share", args=[task.pk]), {"agencies": [foreign.pk]}, follow=True
    )

    assert not task.shared_with.exists()
    assert b"not one of the available choices" in response.content


def test_officer_posting_the_share_form_gets_403(task, officer, border, client_for):
    response = client_for(officer).post(
        reverse("targeting:task_share", args=[task.pk]), {"agencies": [border.pk]}
    )
    assert response.status_code == 403
    assert not task.shared_with.exists()


@pytest.mark.parametrize("persona", ["outsider", "partner"])
def test_outsiders_posting_the_share_form_get_404(request, task, border, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        reverse("targeting:task_share", args=[task.pk]), {"agencies": [border.pk]}
    )
    assert response.status_code == 404
    assert not task.shared_with.exists()
