"""The printable seizure report: every recorded value, the chain of custody, versions, photos."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from portcontrol.core.formats.cen import cell_text
from portcontrol.core.identifiers import locode
from portcontrol.inspections.choices import AttachmentKind
from portcontrol.inspections.models import Seizure
from portcontrol.web.pdf import PdfReport


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _place(code: str) -> str:
    """``KZKUR (Kuryk)`` when the code is listed, else the code as recorded."""
    found = locode.lookup(code) if len(code) == 5 else None
    return f"{code} ({found.name})" if found else code


def _amount(value: object, unit: str) -> str:
    """``12.4 kg``: the amount without the trailing zeros the database keeps."""
    return f"{cell_text(value)} {unit}".strip() if value is not None else ""


def seizure_report(seizure: Seizure) -> bytes:
    """The seizure as an A4 PDF; texts in the language active for the request."""
    report = PdfReport(
        _("Seizure report %s") % seizure.reference,
        subtitle=f"{seizure.unit.name} ({seizure.unit.code})",
    )
    report.fields(
        [
            (_("Seizure number"), seizure.reference),
            (_("Seized at"), _when(seizure.seized_at)),
            (_("Place of seizure"), _place(seizure.place)),
            (_("Inspection"), f"#{seizure.inspection_id}" if seizure.inspection_id else ""),
            (_("Recorded by"), seizure.recorded_by.get_full_name() or seizure.recorded_by),
            (_("Version"), seizure.version),
        ]
    )
    report.heading(_("Goods"))
    report.fields(
        [
            (_("Commodity"), seizure.get_category_display()),
            (_("Drug type"), seizure.get_drug_type_display() if seizure.drug_type else ""),
            (_("Description of the goods"), seizure.description),
            (_("HS code"), seizure.hs_code),
            (_("Quantity"), _amount(seizure.quantity, seizure.get_quantity_unit_display())),
            (_("Estimated value"), _amount(seizure.estimated_value, seizure.currency)),
        ]
    )
    report.heading(_("Concealment"))
    report.fields(
        [
            (_("Concealment method"), seizure.get_concealment_display()),
            (_("Cargo unit"), seizure.cargo_unit.identifier if seizure.cargo_unit else ""),
            (_("Vessel area"), str(seizure.search_area) if seizure.search_area else ""),
            (_("Concealment place"), seizure.concealment_place),
        ]
    )
    voyage = seizure.voyage
    report.heading(_("Route and means of transport"))
    report.fields(
        [
            (_("Departure"), _place(seizure.departure)),
            (_("Transit"), seizure.transit),
            (_("Destination"), _place(seizure.destination)),
            (_("Voyage number"), voyage.number if voyage else ""),
            (_("Vessel"), voyage.vessel_name if voyage else ""),
            (_("IMO number"), voyage.imo if voyage else ""),
        ]
    )
    _people(report, seizure)
    report.heading(_("Case"))
    report.fields(
        [
            (_("Case reference"), seizure.case_reference),
            (_("Held by"), seizure.held_by or ""),
            (_("Notes"), seizure.notes),
        ]
    )
    _custody_and_versions(report, seizure)
    _photos(report, seizure)
    return report.to_bytes()


def _people(report: PdfReport, seizure: Seizure) -> None:
    if seizure.parties:
        report.heading(_("Parties"))
        report.table(
            (_("Role"), _("Name"), _("Country")),
            [(p.get("role"), p.get("name"), p.get("country")) for p in seizure.parties],
            widths=(30, 120, 30),
        )
    report.heading(_("People arrested: %d") % len(seizure.arrested or []))
    if seizure.arrested:
        report.table(
            (_("Name"), _("Nationality"), _("Date of birth"), _("Document")),
            [
                (p.get("name"), p.get("nationality"), p.get("born"), p.get("document"))
                for p in seizure.arrested
            ],
            widths=(80, 25, 30, 45),
        )


def _custody_and_versions(report: PdfReport, seizure: Seizure) -> None:
    report.heading(_("Chain of custody"))
    transfers = seizure.custody.select_related("from_agency", "to_agency", "recorded_by")
    report.table(
        (_("Handed over at"), _("From"), _("To"), _("Received by"), _("Recorded by")),
        [
            (
                _when(t.handed_over_at),
                t.from_agency or "",
                t.to_agency,
                t.received_by,
                t.recorded_by,
            )
            for t in transfers
        ]
        or [("", "", seizure.held_by or "", "", "")],
        widths=(32, 40, 40, 40, 28),
    )
    report.heading(_("Versions"))
    report.table(
        (_("Version"), _("Saved at"), _("By"), _("Reason for the correction")),
        [
            (v.number, _when(v.saved_at), v.saved_by, v.comment)
            for v in seizure.versions.select_related("saved_by")
        ],
        widths=(20, 35, 40, 85),
    )


def _photos(report: PdfReport, seizure: Seizure) -> None:
    """Photos of the seizure; one whose file cannot be read is named instead of shown."""
    photos = list(seizure.attachments.filter(kind=AttachmentKind.PHOTO))
    if not photos:
        return
    report.heading(_("Photos"))
    for photo in photos:
        try:
            report.image(photo.file.path, width_mm=90)
        except Exception:  # noqa: BLE001  a missing or damaged file must not stop the report
            report.paragraph(_("Photo %s could not be read.") % photo.original_name)
            continue
        report.paragraph(photo.caption or photo.original_name)
