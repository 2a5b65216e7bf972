"""The cargo API: post manifests, follow imports, read voyages, goods items and search.

Everything a user of one unit may see, nothing more: anyone outside the unit gets 404, a unit
member whose role may not load manifests gets 403, exactly as on the web pages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from portcontrol.accounts.models import User
from portcontrol.accounts.permissions import for_unit
from portcontrol.cargo import search as finder
from portcontrol.cargo.actions import ingest_file
from portcontrol.cargo.choices import FORMAT_CHOICES, ImportSource
from portcontrol.cargo.models import CargoUnit, Consignment, Import, Party, Person, Voyage
from portcontrol.cargo.schemas import (
    ConsignmentPage,
    ErrorOut,
    ImportDetailOut,
    ImportOut,
    SearchOut,
    VoyageDetailOut,
    VoyagePage,
)
from portcontrol.cargo.templatetags.cargo_tags import hs_description
from portcontrol.web.api import ApiError

router = Router(tags=["cargo"])
FORMATS = {code for code, _ in FORMAT_CHOICES if code}
WARNINGS_SHOWN = 1000
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _member(request: HttpRequest) -> User:
    """The user of the request, when a member of a unit; else a 404 that tells nothing."""
    user = request.auth if isinstance(request.auth, User) else request.user
    if not user.is_authenticated or not user.works_in_unit():
        raise ApiError(404, "not_found", "Not found.")
    return user


def _one(queryset: Any, user: User, pk: int) -> Any:
    found = for_unit(queryset, user).filter(pk=pk).first()
    if found is None:
        raise ApiError(404, "not_found", "Not found.")
    return found


def _import_out(import_run: Import) -> dict[str, Any]:
    return {
        "id": import_run.pk,
        "file_name": import_run.file.original_name,
        "sha256": import_run.file.sha256,
        "size": import_run.file.size,
        "status": import_run.status,
        "stage": import_run.stage,
        "format": import_run.format,
        "progress_done": import_run.progress_done,
        "progress_total": import_run.progress_total,
        "percent": import_run.percent,
        "counts": import_run.counts,
        "warning_count": import_run.warning_count,
        "error": import_run.error,
        "repeated": import_run.repeated,
        "created_at": import_run.created_at,
        "finished_at": import_run.finished_at,
    }


def _consignment_out(item: Consignment) -> dict[str, Any]:
    return {
        **{
            f: getattr(item, f)
            for f in (
                "id",
                "item_number",
                "hs_code",
                "description",
                "packages",
                "package_type",
                "gross_weight_kg",
                "net_weight_kg",
                "value",
                "currency",
                "origin_country",
            )
        },
        "voyage_id": item.document.voyage_id,
        "document_number": item.document.number,
        "document_version": item.document.version,
        "hs_description": hs_description(item.hs_code),
        "cargo_units": [unit.identifier for unit in item.cargo_units.all()],
    }


def _party_out(party: Party) -> dict[str, Any]:
    return {
        "id": party.pk,
        "role": party.role,
        "name": party.name,
        "address": party.address,
        "country": party.country,
        "tax_id": party.tax_id,
        "voyage_id": party.voyage_id,
        "document_number": party.document.number if party.document_id else None,
    }


@router.post(
    "/imports",
    response={200: ImportOut, 201: ImportOut, 400: ErrorOut, 413: ErrorOut, **ERRORS},
    summary="Post a manifest file",
)
def post_import(
    request: HttpRequest, file: File[UploadedFile], format: Form[str | None] = None
) -> Status[dict[str, Any]]:
    """Store and read a manifest (large files in the background); 200 when already imported."""
    user = _member(request)
    if not user.may_ingest():
        raise ApiError(403, "forbidden", "Your role may not load manifests.")
    if format and format not in FORMATS:
        raise ApiError(
            400, "unknown_format", f"Unknown format {format!r}.", {"formats": sorted(FORMATS)}
        )
    if file.size > settings.PORTCONTROL_MAX_UPLOAD_BYTES:
        raise ApiError(
            413,
            "file_too_large",
            "The file is larger than the upload limit.",
            {"limit": settings.PORTCONTROL_MAX_UPLOAD_BYTES},
        )
    if not file.size:
        raise ApiError(400, "file_empty", "The file is empty.")
    import_run = ingest_file(
        unit=user.unit,
        data=file.read(),
        name=file.name or "",
        by=user,
        source=ImportSource.API,
        format=format,
        background=file.size > settings.PORTCONTROL_BACKGROUND_IMPORT_BYTES,
    )
    return Status(200 if import_run.repeated else 201, _import_out(import_run))


@router.get(
    "/imports/{import_id}",
    response={200: ImportDetailOut, **ERRORS},
    summary="An import: status, progress, counts, rejected items, warnings",
)
def get_import(request: HttpRequest, import_id: int) -> dict[str, Any]:
    import_run = _one(Import.objects.select_related("file"), _member(request), import_id)
    return {
        **_import_out(import_run),
        "rejected": list(
            import_run.quarantine.values(
                "id", "kind", "place", "line", "status", "reasons", "fields"
            )
        ),
        "warnings": list(
            import_run.issues.values("place", "code", "message", "severity")[:WARNINGS_SHOWN]
        ),
    }


@router.get("/voyages", response={200: VoyagePage, **ERRORS}, summary="Voyages of the unit")
def list_voyages(
    request: HttpRequest, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)
) -> dict[str, Any]:
    voyages = finder.voyages_for(_member(request))
    return {"count": voyages.count(), "items": list(voyages[offset : offset + limit])}


@router.get(
    "/voyages/{voyage_id}",
    response={200: VoyageDetailOut, **ERRORS},
    summary="A voyage with its documents, cargo units, people and parties",
)
def get_voyage(request: HttpRequest, voyage_id: int) -> dict[str, Any]:
    voyage = _one(Voyage.objects.all(), _member(request), voyage_id)
    return {
        **{
            f.name: getattr(voyage, f.name)
            for f in Voyage._meta.concrete_fields
            if f.name not in ("unit", "first_import")
        },
        "documents": list(voyage.documents.filter(is_current=True)),
        "cargo_units": list(CargoUnit.objects.filter(voyage=voyage)),
        "persons": list(Person.objects.filter(voyage=voyage)),
        "parties": [
            _party_out(p)
            for p in voyage.parties.select_related("document").filter(
                Q(document__isnull=True) | Q(document__is_current=True)
            )
        ],
    }


@router.get(
    "/consignments",
    response={200: ConsignmentPage, **ERRORS},
    summary="Goods items of current documents, by HS code and/or cargo unit",
)
def list_consignments(
    request: HttpRequest,
    hs: str = "",
    container: str = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    found = finder.consignments(_member(request), hs=hs, container=container)
    items = [_consignment_out(item) for item in found[offset : offset + limit]]
    return {"count": found.count(), "items": items}


@router.get(
    "/search",
    response={200: SearchOut, **ERRORS},
    summary="Container number, party name, vehicle plate or HS code in one box",
)
def search(
    request: HttpRequest, q: str = Query(..., min_length=1, max_length=200)
) -> dict[str, Any]:
    results = finder.search(_member(request), q=q)
    return {
        "cargo_units": results.cargo_units,
        "parties": [_party_out(p) for p in results.parties],
        "persons": results.persons,
        "consignments": [_consignment_out(c) for c in results.consignments],
    }
