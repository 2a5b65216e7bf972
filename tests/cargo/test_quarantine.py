"""Correcting, re-submitting and dismissing a rejected item."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portcontrol.accounts.models import AuditEntry
from portcontrol.cargo.actions import dismiss_quarantine_item, resubmit_quarantine_item
from portcontrol.cargo.models import Consignment, QuarantineItem, TransportDocument
from portcontrol.core import records
from portcontrol.core.errors import Issue, Place, Severity

pytestmark = pytest.mark.django_db


def _validated(valid: bool):  # type: ignore[no-untyped-def]
    """A stand-in for the core builder: a stored consignment, or the item rejected again."""

    def validate(kind, fields, line):  # type: ignore[no-untyped-def]
        manifest = records.Manifest(format="correction")
        if not valid:
            place = Place(line=line, column="cargo_unit_id")
            manifest.rejected.append(
                records.Rejected(
                    kind,
                    place,
                    [
                        Issue(
                            place,
                            "container.format",
                            "still not a container number",
                            Severity.ERROR,
                        )
                    ],
                    dict(fields),
                )
            )
            return manifest
        manifest.voyages.append(records.Voyage(fields["voyage_number"]))
        manifest.documents.append(
            records.TransportDocument(fields["document_number"], fields["voyage_number"])
        )
        manifest.cargo_units.append(
            records.CargoUnit(fields["cargo_unit_id"], fields["voyage_number"])
        )
        manifest.consignments.append(
            records.Consignment(
                fields["document_number"],
                int(fields["item_number"]),
                description=fields["goods_description"],
                cargo_unit_ids=[fields["cargo_unit_id"]],
            )
        )
        return manifest

    return validate


def test_corrected_item_is_stored_on_its_voyage(voyage_data, analyst, monkeypatch):
    monkeypatch.setattr("portcontrol.cargo.actions.validate_correction", _validated(True))
    item = QuarantineItem.objects.get()
    fields = {**item.fields, "cargo_unit_id": "MSKU1234565"}
    assert resubmit_quarantine_item(item, fields, by=analyst)
    assert item.status == "resubmitted" and item.resolved_by == analyst
    stored = Consignment.objects.get(description="Tyres")
    assert stored.document.voyage == voyage_data.documents.get(number="KZ-BL-1").voyage
    assert stored.document.number == "KZ-BL-9"
    assert [u.identifier for u in stored.cargo_units.all()] == ["MSKU1234565"]
    assert AuditEntry.objects.filter(action="cargo.quarantine.stored", actor=analyst).exists()


def test_correction_to_an_existing_document_adds_no_version(voyage_data, analyst, monkeypatch):
    monkeypatch.setattr("portcontrol.cargo.actions.validate_correction", _validated(True))
    item = QuarantineItem.objects.get()
    resubmit_quarantine_item(item, {**item.fields, "document_number": "KZ-BL-1"}, by=analyst)
    assert TransportDocument.objects.get().consignments.count() == 2


def test_still_invalid_correction_keeps_the_item_with_new_reasons(
    voyage_data, analyst, monkeypatch
):
    monkeypatch.setattr("portcontrol.cargo.actions.validate_correction", _validated(False))
    item = QuarantineItem.objects.get()
    assert not resubmit_quarantine_item(item, {**item.fields, "cargo_unit_id": "XX"}, by=analyst)
    assert item.is_open
    assert item.fields["cargo_unit_id"] == "XX"
    assert item.reasons[0]["code"] == "container.format"
    assert AuditEntry.objects.filter(action="cargo.quarantine.refused").exists()


def test_dismissed_item_is_kept_and_audited(voyage_data, analyst):
    item = QuarantineItem.objects.get()
    dismiss_quarantine_item(item, by=analyst, reason="duplicate of line 12")
    assert QuarantineItem.objects.get().status == "dismissed"
    assert AuditEntry.objects.filter(action="cargo.quarantine.dismissed").exists()


def test_correction_form_resubmits_from_the_web(client_for, analyst, voyage_data, monkeypatch):
    monkeypatch.setattr("portcontrol.cargo.actions.validate_correction", _validated(True))
    item = QuarantineItem.objects.get()
    client = client_for(analyst)
    page = client.get(reverse("cargo:quarantine", args=[item.pk])).content.decode()
    assert "MSKU1234560" in page and "wrong check digit" in page
    response = client.post(
        reverse("cargo:quarantine", args=[item.pk]), {**item.fields, "cargo_unit_id": "MSKU1234565"}
    )
    assert response.status_code == 302
    assert QuarantineItem.objects.get().status == "resubmitted"


def test_dismiss_from_the_web(client_for, supervisor, voyage_data):
    item = QuarantineItem.objects.get()
    response = client_for(supervisor).post(
        reverse("cargo:quarantine_dismiss", args=[item.pk]), {"reason": "not ours"}
    )
    assert response.status_code == 302
    assert QuarantineItem.objects.get().status == "dismissed"


def test_officer_may_not_correct(client_for, officer, voyage_data):
    item = QuarantineItem.objects.get()
    response = client_for(officer).post(reverse("cargo:quarantine", args=[item.pk]), item.fields)
    assert response.status_code == 403
    assert QuarantineItem.objects.get().is_open
