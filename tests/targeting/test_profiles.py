"""Risk profiles: every change a version, audited; activation needs a second person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portcontrol.accounts.models import AuditEntry
from portcontrol.targeting import actions
from portcontrol.targeting.choices import ProfileStatus

pytestmark = pytest.mark.django_db


def test_every_save_is_a_new_immutable_version(profile, analyst):
    actions.save_profile(profile, {"score": 80}, by=analyst, comment="stronger")
    assert profile.version == 2
    assert list(profile.versions.values_list("number", "score")) == [(2, 80), (1, 70)]
    first = profile.versions.get(number=1)
    with pytest.raises(ValueError):
        first.save()
    assert AuditEntry.objects.filter(action="targeting.profile.saved").get().details["changed"] == {
        "score": ["70", "80"]
    }


def test_the_author_cannot_approve_their_own_profile(make_user, profile):
    author_as_supervisor = make_user("boss", "supervisor")
    actions.save_profile(profile, {"score": 75}, by=author_as_supervisor)
    actions.submit_for_approval(profile, by=author_as_supervisor)
    with pytest.raises(actions.FourEyesError):
        actions.approve_profile(profile, by=author_as_supervisor)
    assert profile.status == ProfileStatus.PENDING_APPROVAL
    assert profile.active_version is None


def test_a_second_supervisor_activates_the_submitted_version(profile, analyst, supervisor):
    actions.submit_for_approval(profile, by=analyst)
    actions.approve_profile(profile, by=supervisor)
    assert profile.status == ProfileStatus.ACTIVE
    assert profile.active_version.number == 1
    assert profile.approver == supervisor
    assert AuditEntry.objects.filter(action="targeting.profile.approved", actor=supervisor).exists()


def test_an_analyst_cannot_approve(profile, analyst, make_user):
    actions.submit_for_approval(profile, by=analyst)
    with pytest.raises(actions.TargetingError):
        actions.approve_profile(profile, by=make_user("analyst2", "analyst"))


def test_editing_an_active_profile_keeps_the_approved_version_applied(profile, analyst, supervisor):
    actions.submit_for_approval(profile, by=analyst)
    actions.approve_profile(profile, by=supervisor)
    actions.save_profile(profile, {"criteria": 'hs_code in ["2915"]'}, by=analyst)
    assert profile.status == ProfileStatus.DRAFT
    assert profile.active_version.number == 1
    assert profile.active_version.criteria == 'hs_code in ["291524"]'


def test_approved_profile_hits_what_the_unit_holds(stored_voyage, analyst, supervisor, monkeypatch):
    from portcontrol.targeting.models import Assessment

    monkeypatch.undo()  # the real engine, not planted hits
    import_run = stored_voyage()
    profile = actions.create_profile(
        agency=analyst.unit.agency,
        unit=None,
        fields={
            "code": "PRE-AA",
            "name": "AA",
            "threat": "precursors",
            "criteria": 'hs_code in ["291524"]',
            "score": 70,
            "lane": "red",
            "reason": "Acetic anhydride",
        },
        by=analyst,
    )
    actions.submit_for_approval(profile, by=analyst)
    actions.approve_profile(profile, by=supervisor)  # re-assessment runs after commit
    actions.assess_import(import_run)
    line = Assessment.objects.get(consignment__hs_code="291524", is_current=True)
    assert line.lane == "red"
    assert line.reasons[0]["key"] == "PRE-AA"
    toys = Assessment.objects.get(consignment__hs_code="950300", is_current=True)
    assert not any(r["key"] == "PRE-AA" for r in toys.reasons)


def test_wrong_criteria_are_refused_with_line_and_column(client_for, analyst):
    response = client_for(analyst).post(
        reverse("targeting:profile_new"),
        {
            "code": "BAD",
            "name": "Bad",
            "threat": "drugs",
            "criteria": 'hs_cod in ["29"]',
            "score": 50,
            "lane": "red",
            "reason": "x",
            "priority": 5,
        },
    )
    assert response.status_code == 200
    assert "line 1, column 1" in response.content.decode()


def test_the_web_editor_saves_a_version_and_the_supervisor_approves(
    client_for, analyst, supervisor
):
    from portcontrol.targeting.models import RiskProfile

    client = client_for(analyst)
    response = client.post(
        reverse("targeting:profile_new"),
        {
            "code": "FA-93",
            "name": "Firearms",
            "threat": "firearms",
            "criteria": 'hs_code in ["93"]',
            "score": 60,
            "lane": "red",
            "reason": "Arms and ammunition",
            "priority": 5,
            "national": "on",
        },
    )
    profile = RiskProfile.objects.get(code="FA-93")
    assert response.status_code == 302 and profile.is_national
    client.post(reverse("targeting:profile_submit", args=[profile.pk]))
    client.post(reverse("targeting:profile_approve", args=[profile.pk]))  # 403 for the analyst
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PENDING_APPROVAL
    client_for(supervisor).post(reverse("targeting:profile_approve", args=[profile.pk]))
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.ACTIVE


def test_the_simple_editor_writes_criteria(client_for, analyst):
    response = client_for(analyst).post(
        reverse("targeting:profile_new"),
        {
            "build": "1",
            "code": "S",
            "name": "S",
            "simple-hs_codes": "2915.24",
            "simple-route_countries": "AF",
        },
    )
    assert response.status_code == 200
    assert "route_country in [&quot;AF&quot;]" in response.content.decode()


def test_dry_run_counts_what_the_profile_would_select(client_for, analyst, profile, stored_voyage):
    stored_voyage()
    response = client_for(analyst).get(
        reverse("targeting:profile_dry_run", args=[profile.pk]), {"days": 30}
    )
    assert response.status_code == 200
    assert response.context["result"].selected_lines == 1
    assert response.context["result"].selected_cargo_units == 1
