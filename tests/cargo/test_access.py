"""Every cargo page for every persona: members see it, anyone outside the unit gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portcontrol.cargo.models import CargoUnit, QuarantineItem, TransportDocument, Voyage

pytestmark = pytest.mark.django_db

# (url name, kind of object it needs, whether only ingest roles may use it)
PAGES = [
    ("cargo:voyages", None, False),
    ("cargo:voyage", "voyage", False),
    ("cargo:cargo_unit", "cargo_unit", False),
    ("cargo:document", "document", False),
    ("cargo:search", None, False),
    ("cargo:imports", None, False),
    ("cargo:import", "import", False),
    ("cargo:import_progress", "import", False),
    ("cargo:upload", None, True),
    ("cargo:quarantine", "quarantine", True),
]


def _url(name: str, kind: str | None, import_run) -> str:  # type: ignore[no-untyped-def]
    objects = {
        "voyage": lambda: Voyage.objects.get(),
        "cargo_unit": lambda: CargoUnit.objects.get(),
        "document": lambda: TransportDocument.objects.get(),
        "import": lambda: import_run,
        "quarantine": lambda: QuarantineItem.objects.get(),
    }
    if kind is None:
        return reverse(name)
    return reverse(name, args=[objects[kind]().pk])


@pytest.mark.parametrize(("name", "kind", "ingest_only"), PAGES)
def test_analyst_of_the_unit_sees_the_page(
    client_for, analyst, voyage_data, name, kind, ingest_only
):
    response = client_for(analyst).get(_url(name, kind, voyage_data))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kind", "ingest_only"), PAGES)
def test_officer_of_the_unit_sees_pages_but_may_not_ingest(
    client_for, officer, voyage_data, name, kind, ingest_only
):
    response = client_for(officer).get(_url(name, kind, voyage_data))
    assert response.status_code == (403 if ingest_only else 200)


@pytest.mark.parametrize(("name", "kind", "ingest_only"), PAGES)
def test_outsider_gets_404(client_for, outsider, voyage_data, name, kind, ingest_only):
    response = client_for(outsider).get(_url(name, kind, voyage_data))
    if kind is None:
        # A list page of their own unit: it must not show Kuryk's records.
        assert response.status_code == 200
        assert b"KUR-0412" not in response.content
        assert b"kuryk-0412.csv" not in response.content
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("name", "kind", "ingest_only"), PAGES)
def test_partner_gets_404(client_for, partner, voyage_data, name, kind, ingest_only):
    assert client_for(partner).get(_url(name, kind, voyage_data)).status_code == 404


@pytest.mark.parametrize(("name", "kind", "ingest_only"), PAGES)
def test_administrator_without_unit_gets_404(
    client_for, administrator, voyage_data, name, kind, ingest_only
):
    assert client_for(administrator).get(_url(name, kind, voyage_data)).status_code == 404


@pytest.mark.parametrize(("name", "kind", "ingest_only"), PAGES)
def test_anonymous_is_sent_to_login(client, voyage_data, name, kind, ingest_only):
    response = client.get(_url(name, kind, voyage_data))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_outsider_cannot_dismiss_anothers_item(client_for, outsider, voyage_data):
    item = QuarantineItem.objects.get()
    response = client_for(outsider).post(reverse("cargo:quarantine_dismiss", args=[item.pk]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.is_open
