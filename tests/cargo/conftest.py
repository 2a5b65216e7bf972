"""Tiny factories for cargo tests: manifests built by hand, a reader that returns them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import pytest

from portcontrol.core import records
from portcontrol.core.errors import Issue, Place, ReadError, Severity


def make_manifest(
    *,
    voyage: str = "KUR-0412",
    documents: dict[str, list[tuple[str, str]]] | None = None,
    containers: tuple[str, ...] = ("MSKU1234565",),
    persons: tuple[str, ...] = ("IVANOV",),
    rejected: int = 0,
) -> records.Manifest:
    """A ferry manifest: documents map to goods items (HS code, description) in the containers."""
    documents = documents if documents is not None else {"KZ-BL-1": [("870323", "Cars")]}
    manifest = records.Manifest(format="csv")
    manifest.voyages.append(
        records.Voyage(
            voyage,
            records.TransportMode.FERRY,
            vessel_name="Barys",
            imo="9700196",
            departure_port="KZKUR",
            arrival_port="AZALA",
            departure_time=datetime(2025, 3, 1, 8, 0),
            arrival_time=datetime(2025, 3, 2, 4, 0),
        )
    )
    for identifier in containers:
        manifest.cargo_units.append(
            records.CargoUnit(
                identifier,
                voyage,
                seals=["SEAL1"],
                vehicle_plate="123 ABC 07",
                issues=[Issue(Place(line=2, column="seals"), "seal.short", "Seal number is short")],
            )
        )
    line = 2
    for number, goods in documents.items():
        manifest.documents.append(records.TransportDocument(number, voyage))
        manifest.parties.append(
            records.Party(
                records.PartyRole.SHIPPER,
                "ТОО «Каспий Транс»",
                document_number=number,
                country="KZ",
            )
        )
        manifest.parties.append(
            records.Party(
                records.PartyRole.CONSIGNEE, "Alyat Trade LLC", document_number=number, country="AZ"
            )
        )
        for item, (hs_code, description) in enumerate(goods, start=1):
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
                    cargo_unit_ids=list(containers[:1]),
                    place=Place(line=line),
                )
            )
            line += 1
    for family_name in persons:
        manifest.persons.append(
            records.Person(
                voyage, records.PersonRole.DRIVER, family_name, "Oleg", vehicle_plate="123ABC07"
            )
        )
    for index in range(rejected):
        place = Place(line=100 + index, column="cargo_unit_id")
        manifest.rejected.append(
            records.Rejected(
                "consignment",
                place,
                [
                    Issue(
                        place,
                        "container.check_digit",
                        "MSKU1234560: wrong check digit",
                        Severity.ERROR,
                    )
                ],
                {
                    "voyage_number": voyage,
                    "document_number": "KZ-BL-9",
                    "item_number": "1",
                    "cargo_unit_id": "MSKU1234560",
                    "goods_description": "Tyres",
                },
            )
        )
    manifest.issues.append(Issue(Place(line=1), "file.bom", "Byte-order mark removed"))
    return manifest


class FakeReader:
    """Stands in for ``core.formats.read_manifest``: each registered content yields its result."""

    def __init__(self) -> None:
        self.results: dict[bytes, records.Manifest | ReadError] = {}
        self.calls = 0

    def register(self, data: bytes, result: records.Manifest | ReadError) -> bytes:
        self.results[data] = result
        return data

    def __call__(self, import_run) -> records.Manifest:  # type: ignore[no-untyped-def]
        self.calls += 1
        result = self.results[import_run.file.read_bytes()]
        if isinstance(result, ReadError):
            raise result
        return result


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings.MEDIA_ROOT


@pytest.fixture
def reader(monkeypatch) -> FakeReader:
    fake = FakeReader()
    monkeypatch.setattr("portcontrol.cargo.actions._read", fake)
    return fake


@pytest.fixture
def ingest(analyst, reader) -> Callable[..., object]:
    """Ingest a hand-built manifest (or a ReadError) as the analyst of KZKUR."""
    from portcontrol.cargo.actions import ingest_file

    def run(result, data: bytes | None = None, **kwargs):  # type: ignore[no-untyped-def]
        data = reader.register(data or repr(id(result)).encode(), result)
        kwargs.setdefault("source", "cli")
        return ingest_file(
            unit=analyst.unit, data=data, name="kuryk-0412.csv", by=analyst, **kwargs
        )

    return run


@pytest.fixture
def voyage_data(ingest):
    """One import of the default manifest, with one rejected item."""
    return ingest(make_manifest(rejected=1), data=b"default manifest")
