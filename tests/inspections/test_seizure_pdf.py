"""The printable seizure report: every value, Cyrillic text, custody, versions, photos."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from portcontrol.accounts.models import Agency
from portcontrol.inspections import actions, seizure_actions
from portcontrol.inspections.seizure_pdf import seizure_report

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def seizure(inspection, records, officer):  # type: ignore[no-untyped-def]
    made = seizure_actions.record_seizure(
        unit=officer.unit,
        fields={
            "seized_at": datetime.now(UTC) - timedelta(hours=3),
            "place": "KZKUR",
            "category": "drugs",
            "drug_type": "heroin",
            "description": "Героин в брикетах, 24 шт.",
            "quantity": Decimal("12.5"),
            "quantity_unit": "kg",
            "concealment": "false_compartment",
            "cargo_unit": records.cargo_unit,
            "concealment_place": "двойной пол",
            "departure": "AFKBL",
            "destination": "KZ",
            "parties": [{"role": "shipper", "name": "ТОО «Каспий Транс»", "country": "KZ"}],
            "arrested": [{"name": "Иванов Олег", "nationality": "KZ", "born": "1980-02-03"}],
            "case_reference": "УД-0123/26",
        },
        by=officer,
        inspection=inspection,
    )
    police = Agency.objects.create(code="KZ-POLICE", name="Полиция", country="KZ", kind="police")
    seizure_actions.hand_over_seizure(
        made,
        to_agency=police,
        handed_over_at=made.seized_at + timedelta(hours=1),
        received_by="капитан Серіков",
        by=officer,
    )
    seizure_actions.correct_seizure(
        made, {"quantity": Decimal("12.4")}, by=officer, version=1, comment="перевешено"
    )
    return made


def test_the_report_carries_every_part_in_cyrillic_too(seizure):
    text = text_of(seizure_report(seizure))
    assert seizure.reference in text
    for expected in (
        "Героин в брикетах",
        "ТОО «Каспий Транс»",
        "Иванов Олег",
        "двойной пол",
        "УД-0123/26",
        "капитан Серіков",
        "перевешено",
        "MSKU1234565",
        "KUR-0412",
        "12.4 kg",
        "Heroin",
        "Chain of custody",
    ):
        assert expected in text, expected


def test_the_report_shows_the_seizures_photos(seizure, inspection, officer):
    upload = SimpleUploadedFile("bricks.png", png(), content_type="image/png")
    actions.add_attachment(
        inspection, by=officer, upload=upload, caption="Брикеты", seizure=seizure
    )
    reader = PdfReader(io.BytesIO(seizure_report(seizure)))
    assert sum(len(page.images) for page in reader.pages) == 1
    assert "Брикеты" in text_of(seizure_report(seizure))


def test_a_photo_whose_file_is_gone_is_named_not_shown(seizure, inspection, officer):
    upload = SimpleUploadedFile("bricks.png", png(), content_type="image/png")
    attachment = actions.add_attachment(inspection, by=officer, upload=upload, seizure=seizure)
    attachment.file.storage.delete(attachment.file.name)
    text = text_of(seizure_report(seizure))
    assert "bricks.png" in text


def test_the_pdf_page_answers_readers_only(client_for, seizure, officer, partner, police_partner):
    url = reverse("inspections:seizure_pdf", args=[seizure.pk])
    response = client_for(officer).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert seizure.reference in text_of(response.content)
    assert client_for(partner).get(url).status_code == 200
    assert client_for(police_partner).get(url).status_code == 404
