"""Voyages, voyage detail, cargo unit and document pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portcontrol.cargo.models import CargoUnit, TransportDocument, Voyage

from .conftest import make_manifest

pytestmark = pytest.mark.django_db


def test_voyages_list_shows_vessel_imo_route_and_counts(client_for, analyst, voyage_data):
    page = client_for(analyst).get(reverse("cargo:voyages")).content.decode()
    assert "Barys" in page and "9700196" in page
    assert "KZKUR → AZALA" in page
    assert "2025-03-02 04:00" in page


def test_voyages_list_has_flat_query_count(
    client_for, analyst, ingest, django_assert_max_num_queries
):
    for index in range(6):
        ingest(
            make_manifest(voyage=f"KUR-{index}", containers=(f"MSKU00000{index}",)),
            data=f"voyage {index}".encode(),
        )
    client = client_for(analyst)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("cargo:voyages"))
    assert response.content.count(b"Barys") == 6


def test_voyage_detail_shows_units_seals_goods_parties_people(client_for, analyst, voyage_data):
    voyage = Voyage.objects.get()
    page = client_for(analyst).get(reverse("cargo:voyage", args=[voyage.pk])).content.decode()
    assert "MSKU1234565" in page and "SEAL1" in page
    assert "870323" in page and "Cars" in page
    assert "ТОО «Каспий Транс»" in page and "Alyat Trade LLC" in page
    assert "IVANOV" in page and "123ABC07" in page
    assert "Seal number is short" in page  # a warning kept with its record


def test_voyage_detail_query_count_does_not_grow_with_goods(
    client_for, analyst, ingest, django_assert_max_num_queries
):
    goods = [("870323", f"Car {n}") for n in range(30)]
    ingest(make_manifest(documents={"KZ-BL-1": goods, "KZ-BL-2": goods}), data=b"many goods")
    voyage = Voyage.objects.get()
    client = client_for(analyst)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cargo:voyage", args=[voyage.pk]))
    assert response.content.count(b"Car 2") >= 2


def test_cargo_unit_detail_shows_goods_and_driver(client_for, analyst, voyage_data):
    unit = CargoUnit.objects.get()
    page = client_for(analyst).get(reverse("cargo:cargo_unit", args=[unit.pk])).content.decode()
    assert "SEAL1" in page and "Cars" in page and "IVANOV" in page


def test_document_detail_lists_versions(client_for, analyst, ingest):
    ingest(make_manifest(documents={"KZ-BL-1": [("870323", "Cars")]}), data=b"v1")
    ingest(make_manifest(documents={"KZ-BL-1": [("401110", "Tyres")]}), data=b"v2")
    old = TransportDocument.objects.get(version=1)
    page = client_for(analyst).get(reverse("cargo:document", args=[old.pk])).content.decode()
    assert "replaced by an amended manifest" in page
    assert "v2" in page and "Cars" in page and "Tyres" not in page
