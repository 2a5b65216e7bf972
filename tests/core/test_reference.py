"""Shipped reference data, its loaders and the installation of newer editions."""

import csv
import gzip
import io
import zipfile

import pytest

from portcontrol.core import reference
from portcontrol.core.identifiers import hs, locode
from portcontrol.core.reference.editions import EditionError, read_locode_rows


@pytest.fixture
def reference_dir(tmp_path, monkeypatch):
    """An empty directory for installed editions; caches cleared before and after."""
    monkeypatch.setenv(reference.ENVIRONMENT_VARIABLE, str(tmp_path))
    reference.clear_caches()
    locode.lookup.cache_clear()
    yield tmp_path
    reference.clear_caches()
    locode.lookup.cache_clear()


def test_shipped_hs_nomenclature_has_the_subheadings_without_placeholders():
    nomenclature = reference.hs_nomenclature()
    assert len(nomenclature.subheadings) == 5612
    assert "999999" in nomenclature.placeholders
    assert "999999" not in nomenclature.subheadings
    assert nomenclature.descriptions["2915"].startswith("Acids")


def test_shipped_locode_list_has_every_place_once():
    places = reference.locodes()
    assert len(places) > 115_000
    assert reference.locode_fields(places["AZBAK"])[0] == "Baku"
    assert {"AZ", "KZ", "TM", "KG"} <= reference.locode_countries()


def test_correlation_targets_exist_in_hs_2022_and_sources_do_not():
    nomenclature = reference.hs_nomenclature()
    for old, new in reference.hs_correlation().items():
        assert old not in nomenclature.subheadings
        assert new and set(new) <= nomenclature.subheadings


def test_geoapify_records_run_together_and_wrongly_quoted_are_split():
    text = (
        "country,location,name,nameWoDiacritics,subdivision,status,function,iata,lat,lon,geocoded\n"
        "BQ,BOT,The Bottom,The Bottom,,RL,--3-----,,17.63,-63.23BR,ADG,Abadia de Goiás,"
        "Abadia de Goias,GO,AA,--3-----,,-16.75,-49.43\n"
        'AT,MLD,"""Mollersdorf"," Baden""","""Mollersdorf"," Baden""",3,--3-----,48.36,16.0,true\n'
    ) * 1
    with pytest.raises(EditionError):
        read_locode_rows(text)  # three places are not a full list
    rows = read_locode_rows(text + _filler_geoapify(1000))
    found = {r.country + r.location: r for r in rows}
    assert found["BQBOT"].lon == -63.23
    assert found["BRADG"].name == "Abadia de Goiás"
    assert found["ATMLD"].name == "Mollersdorf, Baden"
    assert found["ATMLD"].function == "--3-----"


def _filler_geoapify(count):
    """Well-formed Geoapify lines for made-up places in country XA (user-assigned)."""
    return "".join(f"XA,{i:03d},Place {i},Place {i},,RL,1-------,,1.5,2.5,\n" for i in range(count))


def test_install_hs_edition_replaces_the_shipped_one(reference_dir, tmp_path_factory):
    with gzip.open(reference.SHIPPED_DIR / "harmonized-system.csv.gz", "rt") as shipped:
        text = shipped.read().replace(
            "Acids; saturated acyclic monocarboxylic acids; acetic anhydride",
            "Acetic anhydride (newer edition)",
        )
    source = tmp_path_factory.mktemp("source") / "hs.csv"
    source.write_text(text, encoding="utf-8")
    installed = reference.install_edition("hs", source)
    assert installed.parent == reference_dir
    assert hs.describe("291524") == "Acetic anhydride (newer edition)"


def test_install_official_unece_code_list_from_a_zip_in_latin_1(reference_dir, tmp_path_factory):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["", "KZ", "", ".KAZAKHSTAN", "", "", "", "", "", "", "", ""])
    writer.writerow(
        ["", "KZ", "KUR", "Kuryk", "Kuryk", "MAN", "AI", "1-3-----", "2401", "", "4312N 05139E", ""]
    )
    writer.writerow(["X", "KZ", "OLD", "Removed", "Removed", "", "", "1-------", "", "", "", ""])
    writer.writerow(
        [
            "",
            "TR",
            "IST",
            "İstanbul",
            "Istanbul",
            "34",
            "AI",
            "1234----",
            "",
            "",
            "4100N 02858E",
            "",
        ]
    )
    for i in range(1000):
        writer.writerow(
            ["", "XA", f"{i:03d}", f"Plâce {i}", f"Place {i}", "", "RL", "--3-----", "", "", "", ""]
        )
    source = tmp_path_factory.mktemp("source") / "loc241csv.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(
            "2024-1 UNLOCODE CodeListPart1.csv",
            buffer.getvalue().encode("cp1252", errors="replace"),
        )
    reference.install_edition("locode", source)
    kuryk = locode.lookup("KZKUR")
    assert kuryk is not None and kuryk.function == "1-3-----"
    assert round(kuryk.lat, 2) == 43.2 and round(kuryk.lon, 2) == 51.65
    assert locode.lookup("XA001").name == "Plâce 1"
    assert not locode.is_valid("KZOLD")
    assert not locode.is_valid("KZAAU")  # the installed edition replaced the shipped list


def test_install_refuses_unknown_kinds_and_missing_directory(monkeypatch, tmp_path):
    monkeypatch.delenv(reference.ENVIRONMENT_VARIABLE, raising=False)
    source = tmp_path / "x.csv"
    source.write_text("x")
    with pytest.raises(EditionError):
        reference.install_edition("hs", source)
    with pytest.raises(EditionError):
        reference.install_edition("tariff", source, tmp_path)
