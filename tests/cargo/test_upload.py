"""The upload page and the import report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portcontrol.cargo.models import Import

from .conftest import make_manifest

pytestmark = pytest.mark.django_db


def _upload(client, data: bytes, name: str = "ferry.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("cargo:upload"), {"file": SimpleUploadedFile(name, data), "format": ""}, follow=True
    )


def test_upload_stores_and_shows_the_report(client_for, analyst, reader):
    reader.register(b"web upload", make_manifest(rejected=1))
    response = _upload(client_for(analyst), b"web upload")
    import_run = Import.objects.get()
    assert import_run.file.source == "web"
    assert response.redirect_chain[-1][0] == reverse("cargo:import", args=[import_run.pk])
    page = response.content.decode()
    assert "ferry.csv" in page
    assert "line 100, column cargo_unit_id" in page
    assert "MSKU1234560: wrong check digit" in page
    assert "Byte-order mark removed" in page


def test_upload_of_the_same_file_says_nothing_changed(client_for, analyst, reader):
    reader.register(b"twice", make_manifest())
    client = client_for(analyst)
    _upload(client, b"twice")
    response = _upload(client, b"twice")
    assert "already imported" in response.content.decode()
    assert Import.objects.count() == 1


def test_large_upload_goes_to_the_worker(client_for, analyst, reader, settings):
    settings.PORTCONTROL_BACKGROUND_IMPORT_BYTES = 5
    reader.register(b"a large file", make_manifest())
    _upload(client_for(analyst), b"a large file")
    import_run = Import.objects.get()
    assert import_run.status == "done"  # the immediate backend ran the task
    assert import_run.counts["consignments"] == 1


def test_progress_of_a_queued_import_polls_until_finished(client_for, analyst, voyage_data):
    Import.objects.filter(pk=voyage_data.pk).update(
        status="queued", stage="queued", progress_done=0
    )
    client = client_for(analyst)
    url = reverse("cargo:import_progress", args=[voyage_data.pk])
    assert b"hx-trigger" in client.get(url).content
    Import.objects.filter(pk=voyage_data.pk).update(status="done", stage="finished")
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert b"hx-trigger" not in response.content


def test_empty_file_is_refused_by_the_form(client_for, analyst):
    response = _upload(client_for(analyst), b"")
    assert response.status_code == 200
    assert Import.objects.count() == 0


def test_officer_may_not_upload(client_for, officer):
    response = client_for(officer).post(
        reverse("cargo:upload"), {"file": SimpleUploadedFile("x.csv", b"x")}
    )
    assert response.status_code == 403
    assert Import.objects.count() == 0


def test_imports_list_has_flat_query_count(
    client_for, analyst, ingest, django_assert_max_num_queries
):
    for index in range(5):
        ingest(make_manifest(voyage=f"V{index}"), data=f"file {index}".encode())
    client = client_for(analyst)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cargo:imports"))
    assert response.content.count(b"kuryk-0412.csv") == 5


def test_csv_template_has_the_canonical_columns(client_for, officer):
    response = client_for(officer).get(reverse("cargo:manifest_template", args=["csv"]))
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("voyage_number,") and "hs_code" in header


def test_xlsx_template_is_a_workbook(client_for, officer):
    response = client_for(officer).get(reverse("cargo:manifest_template", args=["xlsx"]))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_template_for_partner_is_404(client_for, partner):
    response = client_for(partner).get(reverse("cargo:manifest_template", args=["csv"]))
    assert response.status_code == 404
