"""Search by container number, party name, vehicle plate and HS code."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _search(client, **query: str) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("cargo:search"), query).content.decode()


def test_container_number_found_with_spaces_and_lower_case(client_for, analyst, voyage_data):
    assert "MSKU1234565" in _search(client_for(analyst), container="msku 123456")


def test_party_found_by_latin_spelling_of_a_cyrillic_name(client_for, analyst, voyage_data):
    page = _search(client_for(analyst), party="kaspiy trans")
    assert "ТОО «Каспий Транс»" in page


def test_vehicle_plate_finds_truck_and_driver(client_for, analyst, voyage_data):
    page = _search(client_for(analyst), plate="123 abc")
    assert "MSKU1234565" in page and "IVANOV" in page


def test_hs_code_prefix_finds_goods(client_for, analyst, voyage_data):
    page = _search(client_for(analyst), hs="8703")
    assert "Cars" in page


def test_one_box_tries_every_kind(client_for, analyst, voyage_data):
    client = client_for(analyst)
    assert "Alyat Trade LLC" in _search(client, q="alyat trade")
    assert "Cars" in _search(client, q="8703.23")


def test_nothing_found_says_so(client_for, analyst, voyage_data):
    assert "Nothing found." in _search(client_for(analyst), q="zzzz")


def test_outsider_finds_nothing_of_another_unit(client_for, outsider, voyage_data):
    page = _search(client_for(outsider), q="MSKU1234565")
    assert "Nothing found." in page
    assert "MSKU1234565</a>" not in page
