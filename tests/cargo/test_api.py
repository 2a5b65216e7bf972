"""The cargo API: token and session auth, every endpoint for every persona."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portcontrol.accounts.models import ApiToken
from portcontrol.cargo.models import CargoUnit, Import, Voyage

from .conftest import make_manifest

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, raw = ApiToken.issue(user, "test system")
    return {"Authorization": f"Bearer {raw}"}


def _endpoints(import_run) -> list[str]:  # type: ignore[no-untyped-def]
    voyage = Voyage.objects.get()
    return [
        f"/api/cargo/imports/{import_run.pk}",
        "/api/cargo/voyages",
        f"/api/cargo/voyages/{voyage.pk}",
        "/api/cargo/consignments?hs=8703",
        "/api/cargo/search?q=MSKU",
    ]


def test_member_reads_every_endpoint_with_a_token(client, analyst, voyage_data):
    headers = _bearer(analyst)
    for url in _endpoints(voyage_data):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url


def test_officer_reads_every_endpoint_with_a_session(client_for, officer, voyage_data):
    client = client_for(officer)
    for url in _endpoints(voyage_data):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["partner", "administrator"])
def test_anyone_without_a_unit_gets_404(client, request, voyage_data, persona):
    headers = _bearer(request.getfixturevalue(persona))
    for url in _endpoints(voyage_data):
        response = client.get(url, headers=headers)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"


def test_outsider_gets_404_for_records_and_empty_lists(client, outsider, voyage_data):
    headers = _bearer(outsider)
    for url in _endpoints(voyage_data):
        response = client.get(url, headers=headers)
        if "?" in url or url.endswith("/voyages"):
            assert response.status_code == 200, url
            assert "KUR-0412" not in response.content.decode()
            assert "MSKU1234565" not in response.content.decode()
        else:
            assert response.status_code == 404, url


def test_anonymous_gets_401(client, voyage_data):
    for url in _endpoints(voyage_data):
        assert client.get(url).status_code == 401, url


def test_bad_token_gets_401(client, voyage_data):
    response = client.get("/api/cargo/voyages", headers={"Authorization": "Bearer pc_wrong"})
    assert response.status_code == 401


def test_revoked_token_gets_401(client, analyst, voyage_data):
    headers = _bearer(analyst)
    ApiToken.objects.update(revoked=True)
    assert client.get("/api/cargo/voyages", headers=headers).status_code == 401


def test_post_import_with_a_token(client, analyst, reader):
    reader.register(b"posted by a carrier", make_manifest(rejected=1))
    headers = _bearer(analyst)
    response = client.post(
        "/api/cargo/imports",
        headers=headers,
        data={"file": SimpleUploadedFile("carrier.csv", b"posted by a carrier")},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "done" and body["counts"]["consignments"] == 1
    assert Import.objects.get().file.source == "api"
    again = client.post(
        "/api/cargo/imports",
        headers=headers,
        data={"file": SimpleUploadedFile("carrier.csv", b"posted by a carrier")},
    )
    assert again.status_code == 200 and again.json()["repeated"] is True
    detail = client.get(f"/api/cargo/imports/{body['id']}", headers=headers).json()
    assert detail["rejected"][0]["reasons"][0]["code"] == "container.check_digit"
    assert detail["rejected"][0]["line"] == 100
    assert {w["code"] for w in detail["warnings"]} == {"file.bom", "seal.short"}


def test_post_import_refused_for_officer_with_403(client, officer, reader):
    response = client.post(
        "/api/cargo/imports",
        headers=_bearer(officer),
        data={"file": SimpleUploadedFile("x.csv", b"x")},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Import.objects.count() == 0


def test_post_import_refused_for_partner_with_404(client, partner):
    response = client.post(
        "/api/cargo/imports",
        headers=_bearer(partner),
        data={"file": SimpleUploadedFile("x.csv", b"x")},
    )
    assert response.status_code == 404


def test_post_import_with_unknown_format_is_400(client, analyst):
    response = client.post(
        "/api/cargo/imports",
        headers=_bearer(analyst),
        data={"file": SimpleUploadedFile("x.csv", b"x"), "format": "pdf"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_format"


def test_background_import_reports_progress(client, analyst, reader, settings):
    settings.PORTCONTROL_BACKGROUND_IMPORT_BYTES = 3
    reader.register(b"big enough", make_manifest())
    headers = _bearer(analyst)
    body = client.post(
        "/api/cargo/imports",
        headers=headers,
        data={"file": SimpleUploadedFile("big.csv", b"big enough")},
    ).json()
    detail = client.get(f"/api/cargo/imports/{body['id']}", headers=headers).json()
    assert detail["status"] == "done"
    assert (detail["progress_done"], detail["progress_total"], detail["percent"]) == (3, 3, 100)


def test_voyage_detail_and_consignments_filtered_by_container(client, analyst, voyage_data):
    headers = _bearer(analyst)
    voyage = Voyage.objects.get()
    detail = client.get(f"/api/cargo/voyages/{voyage.pk}", headers=headers).json()
    assert detail["cargo_units"][0]["seals"] == ["SEAL1"]
    assert {p["name"] for p in detail["parties"]} == {"ТОО «Каспий Транс»", "Alyat Trade LLC"}
    found = client.get("/api/cargo/consignments?container=msku1234565", headers=headers).json()
    assert found["count"] == 1
    assert found["items"][0]["cargo_units"] == [CargoUnit.objects.get().identifier]
    none = client.get("/api/cargo/consignments?hs=01", headers=headers).json()
    assert none["count"] == 0


def test_voyages_api_query_count_is_flat(client, analyst, ingest, django_assert_max_num_queries):
    for index in range(5):
        ingest(
            make_manifest(voyage=f"V{index}", containers=(f"MSKU00{index}",)),
            data=f"f{index}".encode(),
        )
    headers = _bearer(analyst)
    with django_assert_max_num_queries(5):
        body = client.get("/api/cargo/voyages", headers=headers).json()
    assert body["count"] == 5


def test_openapi_document_lists_cargo_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/cargo/imports" in paths and "/api/cargo/search" in paths
