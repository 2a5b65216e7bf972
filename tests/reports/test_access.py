"""Every report page for every persona: the unit's members see their unit, nobody else sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import QUARTER

pytestmark = pytest.mark.django_db

MONTH = {"month": "2026-02"}
# (url name, query, who may use it: "member" of a unit, or "national": analysts and supervisors)
PAGES = [
    ("reports:dashboard", QUARTER, "member"),
    ("reports:national", QUARTER, "national"),
    ("reports:monthly", MONTH, "member"),
    ("reports:monthly_xlsx", MONTH, "member"),
    ("reports:monthly_pdf", MONTH, "member"),
    ("reports:map", QUARTER, "member"),
    ("reports:map_data", QUARTER, "member"),
]
ALLOWED = {
    "member": {"analyst", "officer", "supervisor"},
    "national": {"analyst", "supervisor"},
}
KURYK_SECRETS = (b"KZKUR-S-", b"\xd0\x93\xd0\xb5\xd1\x80\xd0\xbe\xd0\xb8\xd0\xbd")  # "Героин"


@pytest.mark.parametrize(("name", "query", "who"), PAGES)
@pytest.mark.parametrize("persona", ["analyst", "officer", "supervisor"])
def test_unit_member_sees_the_page_or_gets_403_for_the_role(
    request, client_for, world, name, query, who, persona
):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse(name), query)
    assert response.status_code == (200 if persona in ALLOWED[who] else 403)


@pytest.mark.parametrize(("name", "query", "who"), PAGES)
def test_outsider_sees_only_their_own_unit(client_for, outsider, world, name, query, who):
    response = client_for(outsider).get(reverse(name), query)
    assert response.status_code == 200
    if name not in ("reports:monthly_xlsx", "reports:monthly_pdf"):
        for secret in KURYK_SECRETS:
            assert secret not in response.content


@pytest.mark.parametrize(("name", "query", "who"), PAGES)
def test_outsider_naming_a_unit_of_another_agency_gets_404(
    client_for, outsider, world, name, query, who
):
    response = client_for(outsider).get(reverse(name), {**query, "unit": world.kuryk.pk})
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "query", "who"), PAGES)
def test_officer_naming_another_unit_of_the_agency_gets_404(
    client_for, officer, world, name, query, who
):
    response = client_for(officer).get(reverse(name), {**query, "unit": world.aktau.pk})
    assert response.status_code == (403 if who == "national" else 404)


@pytest.mark.parametrize(("name", "query", "who"), PAGES)
def test_supervisor_may_name_another_unit_of_the_agency(
    client_for, supervisor, world, name, query, who
):
    response = client_for(supervisor).get(reverse(name), {**query, "unit": world.aktau.pk})
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "query", "who"), PAGES)
@pytest.mark.parametrize("persona", ["partner", "administrator"])
def test_partner_and_users_without_unit_get_404(
    request, client_for, world, name, query, who, persona
):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse(name), query).status_code == 404


@pytest.mark.parametrize(("name", "query", "who"), PAGES)
def test_anonymous_is_sent_to_login(client, world, name, query, who):
    response = client.get(reverse(name), query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unit_dashboard_counts_only_the_members_unit(client_for, officer, world):
    board = client_for(officer).get(reverse("reports:dashboard"), QUARTER).context["board"]
    assert board.scope.unit_ids == [world.kuryk.pk]
    assert (board.inspections.value, board.seizures.value) == (5, 3)


def test_national_dashboard_covers_the_agency_and_no_other(client_for, supervisor, world):
    response = client_for(supervisor).get(reverse("reports:national"), QUARTER)
    board = response.context["board"]
    assert sorted(row.code for row in board.units) == ["KZAAU", "KZKUR"]
    assert (board.inspections.value, board.seizures.value) == (6, 4)
    assert b"ALYAT-SECRET" not in response.content
    assert b"AZALA PCU" not in response.content


def test_outsider_national_dashboard_holds_only_their_agency(client_for, outsider, world):
    board = client_for(outsider).get(reverse("reports:national"), QUARTER).context["board"]
    assert [row.code for row in board.units] == ["AZALA"]
    assert (board.inspections.value, board.seizures.value) == (1, 1)


def test_unit_parameter_that_is_no_number_gets_404(client_for, supervisor, world):
    response = client_for(supervisor).get(reverse("reports:national"), {"unit": "KZKUR"})
    assert response.status_code == 404
