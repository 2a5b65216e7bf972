"""Tiny factories for inspection tests: a ferry voyage's records, a task, an inspection, files.

Records are made directly (no manifest is read): the inspection tests need rows to point at,
not the ingest. Personas come from ``tests/conftest.py``; the KZ Border Service of ``partner``
is the agency taking part, ``police_partner`` an officer of an agency that does not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from portcontrol.accounts.choices import AgencyKind, Role

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 16


def upload(name: str, data: bytes):  # type: ignore[no-untyped-def]
    """A file as a browser posts it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@dataclass
class Records:
    """One ferry voyage of a unit: a container with its seal, a goods item, a driver."""

    unit: object
    voyage: object
    cargo_unit: object
    consignment: object
    person: object


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Attachments are written under the test's own folder, never the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings.MEDIA_ROOT


@pytest.fixture
def make_records(make_unit) -> Callable[..., Records]:
    """Store a voyage with its records for a unit (by code)."""
    from portcontrol.cargo.models import (
        CargoUnit,
        Consignment,
        Import,
        ImportFile,
        Person,
        TransportDocument,
        Voyage,
    )

    def make(unit_code: str = "KZKUR", number: str = "KUR-0412") -> Records:
        unit = make_unit(unit_code)
        stored = ImportFile.objects.create(
            unit=unit, sha256="0" * 64, size=1, storage_path="x", source="cli"
        )
        run = Import.objects.create(file=stored, unit=unit, status="done")
        voyage = Voyage.objects.create(
            unit=unit,
            number=number,
            transport_mode="ferry",
            vessel_name="Barys",
            departure_port="KZKUR",
            arrival_port="AZALA",
            arrival_time=datetime(2025, 3, 2, 4, 0, tzinfo=UTC),
            first_import=run,
        )
        container = CargoUnit.objects.create(
            unit=unit, voyage=voyage, identifier="MSKU1234565", seals=["SEAL1"], import_run=run
        )
        document = TransportDocument.objects.create(
            unit=unit, voyage=voyage, number="KZ-BL-1", content_hash="h", import_run=run
        )
        item = Consignment.objects.create(
            unit=unit, document=document, item_number=1, description="Cars", import_run=run
        )
        item.cargo_units.add(container)
        driver = Person.objects.create(
            unit=unit, voyage=voyage, role="driver", family_name="IVANOV", import_run=run
        )
        return Records(unit, voyage, container, item, driver)

    return make


@pytest.fixture
def records(make_records) -> Records:
    return make_records()


@pytest.fixture
def make_task(records) -> Callable[..., object]:
    """A targeting task on the container; ``claimed_by`` claims it (version 2)."""
    from portcontrol.targeting.actions import claim_task
    from portcontrol.targeting.models import TargetingTask

    def make(claimed_by=None):  # type: ignore[no-untyped-def]
        task = TargetingTask.objects.create(
            unit=records.unit,
            voyage=records.voyage,
            target="cargo_unit",
            cargo_unit=records.cargo_unit,
            lane="red",
            score=70,
            selected_at=datetime.now(UTC),
        )
        if claimed_by is not None:
            task = claim_task(task, by=claimed_by, version=task.version)
        return task

    return make


@pytest.fixture
def task(make_task, officer):
    """A task the officer claimed: ordering its inspection issues it."""
    return make_task(claimed_by=officer)


@pytest.fixture
def border_agency(partner):
    return partner.agency


@pytest.fixture
def police_partner(db):
    """A police officer: a partner agency that takes part in none of these inspections."""
    from portcontrol.accounts.models import Agency, User

    police, _ = Agency.objects.get_or_create(
        code="KZ-POLICE",
        defaults={"name": "KZ Police", "country": "KZ", "kind": AgencyKind.POLICE},
    )
    return User.objects.create_user(
        "police", password="pw-police", role=Role.PARTNER, agency=police
    )


@pytest.fixture
def make_inspection(records, officer, partner) -> Callable[..., object]:
    """An inspection ordered by the officer with the border service taking part."""
    from portcontrol.inspections import actions

    def make(target: str = "cargo_unit", *, areas=(), task=None, kind="physical", **plan):  # type: ignore[no-untyped-def]
        record = {
            "cargo_unit": records.cargo_unit,
            "consignment": records.consignment,
            "person": records.person,
            "vessel": records.voyage,
        }[target]
        if task is not None:
            task.refresh_from_db()  # as the task page shows it now
        plan.setdefault("team", [officer, partner])
        plan.setdefault("agencies", [partner.agency])
        return actions.order_inspection(
            unit=records.unit,
            by=officer,
            plan=actions.InspectionPlan(kind=kind, areas=areas, **plan),
            target=target,
            record=record,
            task=task,
            task_version=task.version if task is not None else None,
        )

    return make


@pytest.fixture
def inspection(make_inspection):
    return make_inspection()


@pytest.fixture
def vessel_search(make_inspection):
    """A vessel search of the voyage with an engine room and a crew quarters area."""
    return make_inspection("vessel", areas=["engine_room", "crew_quarters"])


@pytest.fixture
def make_seizure(officer) -> Callable[..., object]:
    """A seizure linked to an inspection, written as the seizure pages would."""
    from decimal import Decimal

    from portcontrol.inspections.models import Seizure

    def make(inspection, reference: str = "KZKUR-2025-0001"):  # type: ignore[no-untyped-def]
        return Seizure.objects.create(
            unit=inspection.unit,
            inspection=inspection,
            reference=reference,
            seized_at=datetime.now(UTC),
            place="KZKUR",
            category="drugs",
            drug_type="heroin",
            description="Heroin in bricks",
            quantity=Decimal("12.5"),
            quantity_unit="kg",
            concealment="false_compartment",
            recorded_by=officer,
        )

    return make
