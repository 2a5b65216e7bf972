"""Hit statistics over a chosen period, and retiring from there a profile that never hit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portcontrol.accounts.models import AuditEntry
from portcontrol.cargo.models import Import, ImportFile, Voyage
from portcontrol.targeting.models import Assessment, RiskProfile, TargetingTask

pytestmark = pytest.mark.django_db

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def voyage(analyst) -> Voyage:
    unit = analyst.unit
    file = ImportFile.objects.create(unit=unit, sha256="0" * 64, size=1, source="cli")
    run = Import.objects.create(file=file, unit=unit, status="done")
    return Voyage.objects.create(unit=unit, number="KUR-1", first_import=run)


def _task(voyage: Voyage, selected: datetime, result: str = "", *codes: str) -> TargetingTask:
    reasons = [{"kind": "profile", "key": code, "label": f"{code} matched"} for code in codes]
    assessment = Assessment.objects.create(
        unit=voyage.unit,
        voyage=voyage,
        target="cargo_unit",
        score=70,
        lane="red",
        reasons=reasons,
        engine_version="test",
    )
    return TargetingTask.objects.create(
        unit=voyage.unit,
        voyage=voyage,
        target="cargo_unit",
        assessment=assessment,
        lane="red",
        score=70,
        selected_at=selected,
        status="complete" if result else "new",
        result=result,
    )


@pytest.fixture
def history(voyage, profile):  # type: ignore[no-untyped-def]
    """PRE-AA hit in January and missed in March; CIG-1 was selected in March, never inspected."""
    _task(voyage, datetime(2026, 1, 10, tzinfo=UTC), "positive", "PRE-AA")
    _task(voyage, datetime(2026, 3, 10, tzinfo=UTC), "negative", "PRE-AA")
    _task(voyage, datetime(2026, 3, 12, tzinfo=UTC), "", "CIG-1")
    return profile


def _row(response, key: str):  # type: ignore[no-untyped-def]
    return next(row for row in response.context["table"] if row.key == key)


def test_period_filter_counts_tasks_selected_in_the_period(client_for, analyst, history):
    client = client_for(analyst)
    march = _row(client.get(reverse("targeting:statistics"), MARCH), "PRE-AA")
    assert (march.selected, march.inspected, march.positive) == (1, 1, 0)
    always = _row(client.get(reverse("targeting:statistics")), "PRE-AA")
    assert (always.selected, always.inspected, always.positive) == (2, 2, 1)


def test_open_ended_period_reaches_back_to_the_first_task(client_for, analyst, history):
    response = client_for(analyst).get(reverse("targeting:statistics"), {"to": "2026-02-01"})
    assert _row(response, "PRE-AA").positive == 1
    assert not any(row.key == "CIG-1" for row in response.context["table"])


def test_preset_last_30_days(client_for, analyst, voyage, profile):
    now = timezone.now()
    _task(voyage, now - timedelta(days=3), "negative", "PRE-AA")
    _task(voyage, now - timedelta(days=60), "positive", "PRE-AA")
    response = client_for(analyst).get(reverse("targeting:statistics"), {"preset": "30d"})
    assert (_row(response, "PRE-AA").selected, _row(response, "PRE-AA").positive) == (1, 0)
    assert (response.context["period"].last - response.context["period"].first).days == 29


def test_bad_dates_are_refused_naming_the_field(client_for, analyst, history):
    response = client_for(analyst).get(
        reverse("targeting:statistics"), {"from": "2026-03-31", "to": "2026-03-01"}
    )
    assert response.status_code == 400
    assert "To: The end of the period comes before its start." in response.content.decode()


def test_retire_button_only_for_profiles_inspected_without_hits(client_for, analyst, history):
    client = client_for(analyst)
    march = client.get(reverse("targeting:statistics"), MARCH)
    retirable = {row.key: profile for row, profile in march.context["rows"] if profile}
    assert retirable == {"PRE-AA": history}
    assert f'name="profile" value="{history.pk}"' in march.content.decode()
    # Over all time PRE-AA hit once: no button.
    always = client.get(reverse("targeting:statistics"))
    assert not any(profile for _row, profile in always.context["rows"])


def test_officer_sees_no_retire_button(client_for, officer, history):
    response = client_for(officer).get(reverse("targeting:statistics"), MARCH)
    assert not any(profile for _row, profile in response.context["rows"])
    assert b'name="profile"' not in response.content


def test_analyst_retires_a_profile_that_never_hit(client_for, analyst, history):
    response = client_for(analyst).post(
        reverse("targeting:statistics"), {"profile": history.pk, **MARCH}
    )
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("targeting:statistics") + "?from=2026-03-01&to=2026-03-31"
    )
    history.refresh_from_db()
    assert history.status == "retired"
    entry = AuditEntry.objects.get(action="targeting.profile.retired")
    assert entry.actor == analyst
    assert "never hit from 2026-03-01 to 2026-03-31: 1 inspected, 0 positive" in entry.summary


def test_profile_that_hit_in_the_period_is_not_retired(client_for, analyst, history):
    client = client_for(analyst)
    response = client.post(
        reverse("targeting:statistics"), {"profile": history.pk, "from": "2026-01-01"}
    )
    assert response.status_code == 302
    history.refresh_from_db()
    assert history.status != "retired"
    assert not AuditEntry.objects.filter(action="targeting.profile.retired").exists()
    page = client.get(response["Location"])
    assert "PRE-AA was not inspected without hits in this period" in page.content.decode()


def test_profile_retired_already_gets_no_button(client_for, analyst, history):
    RiskProfile.objects.filter(pk=history.pk).update(status="retired")
    response = client_for(analyst).get(reverse("targeting:statistics"), MARCH)
    assert not any(profile for _row, profile in response.context["rows"])


def test_officer_may_not_retire(client_for, officer, history):
    response = client_for(officer).post(
        reverse("targeting:statistics"), {"profile": history.pk, **MARCH}
    )
    assert response.status_code == 403
    history.refresh_from_db()
    assert history.status != "retired"


@pytest.mark.parametrize("persona", ["outsider", "partner"])
def test_outsider_and_partner_get_404(request, client_for, history, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        reverse("targeting:statistics"), {"profile": history.pk, **MARCH}
    )
    assert response.status_code == 404
    history.refresh_from_db()
    assert history.status != "retired"


def test_retire_needs_the_csrf_token(analyst, history):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    response = client.post(reverse("targeting:statistics"), {"profile": history.pk, **MARCH})
    assert response.status_code == 403
    history.refresh_from_db()
    assert history.status != "retired"


def test_page_form_posts_with_the_csrf_token(client_for, analyst, history):
    html = client_for(analyst).get(reverse("targeting:statistics"), MARCH).content.decode()
    form = html[html.index('<form method="post" class="retire">') :]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]
