"""Tiny factories for targeting tests: a stored ferry voyage, profiles, lists, tasks, hits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import polars as pl
import pytest

from portcontrol.core import records
from portcontrol.core.risk.reasons import HITS_SCHEMA


def make_manifest(voyage: str = "KUR-0412") -> records.Manifest:
    """A ferry voyage: two containers, three goods items, a driver and a passenger."""
    manifest = records.Manifest(format="csv")
    manifest.voyages.append(
        records.Voyage(
            voyage,
            records.TransportMode.FERRY,
            vessel_name="Barys",
            imo="9700196",
            departure_port="KZKUR",
            arrival_port="AZALA",
            departure_time=datetime.now(UTC),
            arrival_time=datetime.now(UTC),
        )
    )
    for identifier, plate in (("MSKU1234565", "123ABC07"), ("TGHU6543218", "777KZ01")):
        manifest.cargo_units.append(
            records.CargoUnit(identifier, voyage, size_type="45G1", vehicle_plate=plate)
        )
    goods = [
        ("KZ-BL-1", 1, "291524", "Acetic anhydride", "MSKU1234565"),
        ("KZ-BL-1", 2, "870323", "Cars", "MSKU1234565"),
        ("KZ-BL-2", 1, "950300", "Toys", "TGHU6543218"),
    ]
    for number in ("KZ-BL-1", "KZ-BL-2"):
        manifest.documents.append(records.TransportDocument(number, voyage))
        manifest.parties.append(
            records.Party(records.PartyRole.SHIPPER, "ТОО «Каспий Транс»", number, country="KZ")
        )
        manifest.parties.append(
            records.Party(records.PartyRole.CONSIGNEE, "Alyat Trade LLC", number, country="AZ")
        )
    for number, item, hs_code, description, container in goods:
        manifest.consignments.append(
            records.Consignment(
                number,
                item,
                hs_code=hs_code,
                description=description,
                packages=3,
                gross_weight_kg=Decimal("1200.5"),
                value=Decimal("5000"),
                currency="USD",
                cargo_unit_ids=[container],
            )
        )
    manifest.persons.append(
        records.Person(
            voyage, records.PersonRole.DRIVER, "IVANOV", "Oleg", vehicle_plate="123ABC07"
        )
    )
    manifest.persons.append(
        records.Person(voyage, records.PersonRole.PASSENGER, "ALIYEVA", "Leyla")
    )
    return manifest


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def no_engine(monkeypatch):
    """Profiles, indicators and screening contribute nothing unless a test plants hits."""
    from portcontrol.core.risk.reasons import empty_hits

    planted: list[dict] = []

    def inputs_for(unit, today):  # type: ignore[no-untyped-def]
        from portcontrol.targeting.engine import EngineInputs

        hits = pl.DataFrame(planted, schema=HITS_SCHEMA) if planted else empty_hits()
        return EngineInputs(profiles=(), watch_index=None, indicators=False, extra_hits=hits)

    monkeypatch.setattr("portcontrol.targeting.engine.inputs_for", inputs_for)
    return planted


def _reconnect_assessment() -> None:
    from portcontrol.cargo.signals import import_stored
    from portcontrol.targeting.receivers import assess_stored_import

    import_stored.connect(assess_stored_import, dispatch_uid="targeting.assess_stored_import")


@pytest.fixture
def stored_voyage(analyst, monkeypatch, no_engine, request) -> Callable[..., object]:
    """Store a hand-built manifest for KZKUR through the cargo ingest; returns the import.

    The automatic assessment after an import is switched off here: these tests call the
    assessment themselves and count what it writes (test_assess_on_import covers the hook).
    """
    from portcontrol.cargo.actions import ingest_file
    from portcontrol.cargo.signals import import_stored

    import_stored.disconnect(dispatch_uid="targeting.assess_stored_import")
    request.addfinalizer(_reconnect_assessment)

    def store(manifest: records.Manifest | None = None, data: bytes = b"kur-0412"):  # type: ignore[no-untyped-def]
        manifest = manifest or make_manifest()
        monkeypatch.setattr("portcontrol.cargo.actions._read", lambda import_run: manifest)
        return ingest_file(
            unit=analyst.unit, data=data, name="kur-0412.csv", by=analyst, source="cli"
        )

    return store


def hit(target: str, row_id: int, key: str, score: float, lane: str | None = "red", **more):  # type: ignore[no-untyped-def]
    """One row of a hits frame, as the engine would return it."""
    return {
        "target": target,
        "row_id": row_id,
        "kind": more.get("kind", "profile"),
        "key": key,
        "label": more.get("label", f"{key} matched"),
        "score": score,
        "lane": lane,
        "threat": more.get("threat", "precursors"),
        "detail": more.get("detail"),
    }


@pytest.fixture
def profile(analyst):
    """A draft unit profile of KZKUR written by the analyst."""
    from portcontrol.targeting.actions import create_profile

    return create_profile(
        agency=analyst.unit.agency,
        unit=analyst.unit,
        fields={
            "code": "PRE-AA",
            "name": "Acetic anhydride",
            "threat": "precursors",
            "criteria": 'hs_code in ["291524"]',
            "score": 70,
            "lane": "red",
            "reason": "Precursor on the INCB Red List",
        },
        by=analyst,
    )


@pytest.fixture
def watch_list(analyst):
    from portcontrol.targeting.actions import add_entry, create_watch_list

    made = create_watch_list(
        agency=analyst.unit.agency,
        unit=None,
        fields={"code": "NAT-PERSONS", "name": "Persons of interest", "kind": "person"},
        by=analyst,
    )
    add_entry(made, {"names": ["IVANOV Oleg", "Иванов Олег"], "reason": "courier"}, by=analyst)
    return made


@pytest.fixture
def task(stored_voyage, no_engine):
    """One NEW task on the first container of the stored voyage."""
    from portcontrol.cargo.models import CargoUnit
    from portcontrol.targeting.actions import assess_import
    from portcontrol.targeting.models import TargetingTask, UnitCapacity

    import_run = stored_voyage()
    UnitCapacity.objects.create(unit=import_run.unit, lane="red", per_day=5, random_share=0)
    container = CargoUnit.objects.get(identifier="MSKU1234565")
    no_engine.append(hit("cargo_unit", container.pk, "PRE-AA", 70, "red"))
    assess_import(import_run)
    return TargetingTask.objects.get(cargo_unit=container)
