"""The map: routes and seizure places of the user's unit only, drawn from files of this server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse

from . import stub_urls
from .conftest import QUARTER

pytestmark = pytest.mark.django_db

VENDOR = "portcontrol/vendor"


def _data(client, **query):  # type: ignore[no-untyped-def]
    response = client.get(reverse("reports:map_data"), {**QUARTER, **query})
    assert response.status_code == 200
    return response.json()


def test_routes_are_lines_between_the_ports_of_the_units_voyages(client_for, officer, world):
    data = _data(client_for(officer))
    routes = {(r["from"], r["to"]): r for r in data["routes"]}
    assert set(routes) == {("KZKUR", "AZALA"), ("KZAAU", "AZBAK")}
    kuryk_alat = routes[("KZKUR", "AZALA")]
    assert kuryk_alat["voyages"] == 1
    # Positions from the UN/LOCODE list shipped with the package.
    assert kuryk_alat["line"] == [[43.2, 51.65], [39.95, 49.4]]
    assert (kuryk_alat["from_name"], kuryk_alat["to_name"]) == ("Kuryk", "Alat")


@pytest.mark.urls(stub_urls.__name__)
def test_seizure_places_carry_links_to_each_seizure(client_for, officer, world):
    data = _data(client_for(officer))
    assert data["seizures"] == 3
    (kuryk,) = data["places"]
    assert (kuryk["code"], kuryk["lat"], kuryk["lon"], kuryk["count"]) == ("KZKUR", 43.2, 51.65, 3)
    by_reference = {s["reference"]: s for s in kuryk["seizures"]}
    assert by_reference[world.s1.reference]["url"] == reverse(
        "inspections:seizure", args=[world.s1.pk]
    )
    assert by_reference[world.s1.reference]["quantity"] == "12.5 kg"
    assert kuryk["list_url"].startswith(reverse("inspections:seizures") + "?date_from=2026-01-01")


def test_map_data_holds_nothing_of_other_units(client_for, officer, outsider, world):
    kuryk = json.dumps(_data(client_for(officer)))
    assert "AZALA-S-" not in kuryk
    assert "KZAAU-S-" not in kuryk
    alyat = _data(client_for(outsider))
    assert [(r["from"], r["to"]) for r in alyat["routes"]] == [("AZALA", "KZKUR")]
    assert [p["code"] for p in alyat["places"]] == ["AZALA"]
    assert "KZKUR-S-" not in json.dumps(alyat)


def test_places_missing_from_the_reference_are_counted_not_guessed(client_for, officer, world):
    from .factories import at, seizure

    seizure(world.kuryk, by=officer, seized=at(2026, 3, 1), place="XXZZZ")
    data = _data(client_for(officer))
    assert data["unplaced"] == {"routes": 0, "seizures": 1}
    assert [p["code"] for p in data["places"]] == ["KZKUR"]


def test_period_filter_applies_to_routes_and_seizures(client_for, officer, world):
    data = _data(client_for(officer), **{"from": "2026-02-01", "to": "2026-02-28"})
    assert [(r["from"], r["to"]) for r in data["routes"]] == [("KZAAU", "AZBAK")]
    assert data["seizures"] == 2


def test_bad_period_gets_400_naming_the_field(client_for, officer, world):
    response = client_for(officer).get(reverse("reports:map_data"), {"to": "31.02.2026"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"to": ["Enter a valid date."]}}


def test_map_page_loads_only_files_of_this_server(client_for, officer, world):
    response = client_for(officer).get(reverse("reports:map"), QUARTER)
    assert response.status_code == 200
    html = response.content.decode()
    for path in (
        f"{VENDOR}/leaflet/leaflet.js",
        f"{VENDOR}/leaflet/leaflet.css",
        f"{VENDOR}/topojson-client/topojson-client.min.js",
        f"{VENDOR}/world-atlas/countries-110m.json",
        "reports/map.js",
    ):
        assert f"/static/{path}" in html
    external = re.findall(r'(?:src|href)="(https?:)?//', html)
    assert external == []
    assert f'data-source="{reverse("reports:map_data")}?from=2026-01-01&amp;to=2026-03-31"' in html
    # The same routes and places are listed below the map, for reading without script.
    assert "KZKUR" in html and "Kuryk" in html


def test_vendored_files_are_found_with_their_licences():
    for path in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/LICENSE.txt",
        "topojson-client/topojson-client.min.js",
        "topojson-client/LICENSE.txt",
        "world-atlas/countries-110m.json",
        "world-atlas/LICENSE.txt",
    ):
        assert finders.find(f"{VENDOR}/{path}"), path


def test_leaflet_css_points_only_at_vendored_images():
    css = Path(finders.find(f"{VENDOR}/leaflet/leaflet.css"))
    found = [url.strip("'\"") for url in re.findall(r"url\(([^)]+)\)", css.read_text())]
    # "#default#VML" is an old Internet Explorer behaviour, not a file.
    images = [url for url in found if not url.startswith("#")]
    assert images
    for image in images:
        assert not image.startswith(("http:", "https:", "//")), image
        assert (css.parent / image).is_file(), image


def test_world_borders_are_topojson_countries():
    atlas = json.loads(Path(finders.find(f"{VENDOR}/world-atlas/countries-110m.json")).read_text())
    assert atlas["type"] == "Topology"
    names = {g["properties"]["name"] for g in atlas["objects"]["countries"]["geometries"]}
    assert {"Kazakhstan", "Azerbaijan", "Turkmenistan", "Kyrgyzstan"} <= names


def test_django_serves_the_vendored_files_in_debug(settings):
    from django.contrib.staticfiles.views import serve

    settings.DEBUG = True
    request = RequestFactory().get("/static/portcontrol/vendor/leaflet/leaflet.js")
    response = serve(request, f"{VENDOR}/leaflet/leaflet.js")
    assert response.status_code == 200
    assert b"Leaflet" in b"".join(response.streaming_content)
