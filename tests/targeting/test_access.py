"""Every targeting page for every persona: members see it, anyone outside gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (url name, object it needs, who may use it: "member", "analyst" or "supervisor")
PAGES = [
    ("targeting:queue", None, "member"),
    ("targeting:task", "task", "member"),
    ("targeting:profiles", None, "member"),
    ("targeting:profile", "profile", "member"),
    ("targeting:profile_new", None, "analyst"),
    ("targeting:profile_edit", "profile", "analyst"),
    ("targeting:profile_dry_run", "profile", "analyst"),
    ("targeting:watch_lists", None, "member"),
    ("targeting:watch_list_new", None, "analyst"),
    ("targeting:watch_list", "watch_list", "member"),
    ("targeting:entry_new", "watch_list", "analyst"),
    ("targeting:entry_edit", "entry", "analyst"),
    ("targeting:watch_list_import", "watch_list", "analyst"),
    ("targeting:statistics", None, "member"),
    ("targeting:capacity", None, "supervisor"),
]
ALLOWED = {
    "member": {"analyst", "officer", "supervisor"},
    "analyst": {"analyst", "supervisor"},
    "supervisor": {"supervisor"},
}


@pytest.fixture
def objects(task, profile, watch_list):
    return {
        "task": task,
        "profile": profile,
        "watch_list": watch_list,
        "entry": watch_list.entries.get(),
    }


def _url(name: str, kind: str | None, objects) -> str:  # type: ignore[no-untyped-def]
    return reverse(name, args=[objects[kind].pk] if kind else [])


@pytest.mark.parametrize(("name", "kind", "who"), PAGES)
@pytest.mark.parametrize("persona", ["analyst", "officer", "supervisor"])
def test_unit_member_sees_the_page_or_gets_403_for_the_role(
    request, client_for, objects, name, kind, who, persona
):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(_url(name, kind, objects))
    assert response.status_code == (200 if persona in ALLOWED[who] else 403)


@pytest.mark.parametrize(("name", "kind", "who"), PAGES)
def test_outsider_gets_404_or_sees_nothing_of_the_unit(
    client_for, outsider, objects, name, kind, who
):
    response = client_for(outsider).get(_url(name, kind, objects))
    if kind is None:
        # A page of the outsider's own unit (an analyst there): nothing of Kuryk's on it.
        assert response.status_code == (200 if "analyst" in ALLOWED[who] else 403)
        for secret in (b"MSKU1234565", b"PRE-AA", b"NAT-PERSONS"):
            assert secret not in response.content
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("name", "kind", "who"), PAGES)
def test_partner_gets_404(client_for, partner, objects, name, kind, who):
    assert client_for(partner).get(_url(name, kind, objects)).status_code == 404


@pytest.mark.parametrize(("name", "kind", "who"), PAGES)
def test_anonymous_is_sent_to_login(client, objects, name, kind, who):
    response = client.get(_url(name, kind, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_task_page_shows_cargo_unit_goods_people_and_reasons(client_for, officer, task):
    page = client_for(officer).get(reverse("targeting:task", args=[task.pk])).content.decode()
    for text in ("MSKU1234565", "Acetic anhydride", "IVANOV", "PRE-AA", "Alyat Trade LLC"):
        assert text in page


def test_outsider_cannot_claim(client_for, outsider, task):
    response = client_for(outsider).post(
        reverse("targeting:task_action", args=[task.pk, "claim"]), {"version": task.version}
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == "new"


def test_officer_may_not_approve_a_profile(client_for, officer, profile):
    response = client_for(officer).post(reverse("targeting:profile_approve", args=[profile.pk]))
    assert response.status_code == 403
