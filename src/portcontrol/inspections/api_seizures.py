"""The seizures API: list with filters, one seizure, record, correct, hand over.

Unit workers read and write the seizures of their unit; a partner agency's officer reads those
of the inspections the agency takes part in and gets 403 on any change; anyone else 404.
Errors of the values come back as 400 ``invalid`` with the messages keyed by the field.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from portcontrol.accounts.models import Agency, User
from portcontrol.cargo.models import CargoUnit, Voyage
from portcontrol.cargo.schemas import ErrorOut
from portcontrol.inspections import seizure_actions
from portcontrol.inspections.access import (
    is_partner,
    is_unit_worker,
    visible_inspections,
    visible_seizures,
)
from portcontrol.inspections.choices import Commodity
from portcontrol.inspections.models import Inspection, SearchArea, Seizure
from portcontrol.inspections.seizure_forms import SORTS, filter_seizures
from portcontrol.web.api import ApiError

router = Router(tags=["seizures"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
RELATED = ("unit", "voyage", "cargo_unit", "search_area", "held_by", "recorded_by")
# Records are named by id in the API: the error of ``voyage`` belongs to ``voyage_id``.
RECORD_IDS = {"voyage": "voyage_id", "cargo_unit": "cargo_unit_id", "search_area": "search_area_id"}


class PartyIn(Schema):
    model_config = {"extra": "forbid"}  # noqa: RUF012

    role: str
    name: str
    country: str = ""


class PersonIn(Schema):
    model_config = {"extra": "forbid"}  # noqa: RUF012

    name: str
    nationality: str = ""
    born: str = ""
    document: str = ""


class SeizureFieldsIn(Schema):
    """The values of a seizure; in a correction every one is optional (left out: unchanged)."""

    model_config = {"extra": "forbid"}  # noqa: RUF012

    seized_at: datetime | None = None
    place: str | None = None
    category: str | None = None
    drug_type: str | None = None
    description: str | None = None
    hs_code: str | None = None
    quantity: Decimal | None = None
    quantity_unit: str | None = None
    estimated_value: Decimal | None = None
    currency: str | None = None
    concealment: str | None = None
    voyage_id: int | None = None
    cargo_unit_id: int | None = None
    search_area_id: int | None = None
    concealment_place: str | None = None
    departure: str | None = None
    transit: str | None = None
    destination: str | None = None
    parties: list[PartyIn] | None = None
    arrested: list[PersonIn] | None = None
    case_reference: str | None = None
    notes: str | None = None


class SeizureIn(SeizureFieldsIn):
    """A new seizure; with ``inspection_id`` the values the inspection knows are filled in.

    From the inspection: voyage, cargo unit, place (the unit's), route (the voyage's ports) and
    the parties of the inspected goods' transport document, each unless given here.
    """

    inspection_id: int | None = None


class CorrectionIn(SeizureFieldsIn):
    version: int
    comment: str


class CustodyIn(Schema):
    model_config = {"extra": "forbid"}  # noqa: RUF012

    to_agency: str
    handed_over_at: datetime
    received_by: str
    note: str = ""


class PartyOut(Schema):
    role: str
    name: str
    country: str


class PersonOut(Schema):
    name: str
    nationality: str
    born: str
    document: str


class SeizureOut(Schema):
    id: int
    reference: str
    unit: str
    inspection_id: int | None
    seized_at: datetime
    place: str
    category: str
    drug_type: str
    description: str
    hs_code: str
    quantity: Decimal
    quantity_unit: str
    estimated_value: Decimal | None
    currency: str
    concealment: str
    voyage_id: int | None
    voyage_number: str | None
    cargo_unit_id: int | None
    cargo_unit: str | None
    search_area_id: int | None
    concealment_place: str
    departure: str
    transit: str
    destination: str
    parties: list[PartyOut]
    arrested: list[PersonOut]
    case_reference: str
    notes: str
    held_by: str | None
    version: int
    recorded_by: str
    recorded_at: datetime


class CustodyOut(Schema):
    from_agency: str | None
    to_agency: str
    handed_over_at: datetime
    received_by: str
    note: str
    recorded_by: str


class VersionOut(Schema):
    number: int
    saved_at: datetime
    saved_by: str
    comment: str
    data: dict[str, Any]


class SeizureDetailOut(SeizureOut):
    custody: list[CustodyOut]
    versions: list[VersionOut]


class SeizurePage(Schema):
    count: int
    items: list[SeizureOut]


# --- who ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return request.auth if isinstance(request.auth, User) else request.user


def _reader(request: HttpRequest) -> User:
    """A unit worker or a partner officer; anyone else learns nothing (404)."""
    user = _user(request)
    if not (is_unit_worker(user) or is_partner(user)):
        raise ApiError(404, "not_found", "Not found.")
    return user


def _writer(request: HttpRequest) -> User:
    """A unit worker; a partner officer reads only (403); anyone else 404."""
    user = _reader(request)
    if not is_unit_worker(user):
        raise ApiError(403, "forbidden", "Partner agencies read seizures; they do not change them.")
    return user


def _visible(user: User, seizure_id: int) -> Seizure:
    found = visible_seizures(user).select_related(*RELATED).filter(pk=seizure_id).first()
    if found is None:
        raise ApiError(404, "not_found", "Not found.")
    return found


# --- answers ------------------------------------------------------------------------------


def _seizure_out(seizure: Seizure) -> dict[str, Any]:
    return {
        "id": seizure.pk,
        "reference": seizure.reference,
        "unit": seizure.unit.code,
        "inspection_id": seizure.inspection_id,
        "seized_at": seizure.seized_at,
        "place": seizure.place,
        "category": seizure.category,
        "drug_type": seizure.drug_type,
        "description": seizure.description,
        "hs_code": seizure.hs_code,
        "quantity": seizure.quantity,
        "quantity_unit": seizure.quantity_unit,
        "estimated_value": seizure.estimated_value,
        "currency": seizure.currency,
        "concealment": seizure.concealment,
        "voyage_id": seizure.voyage_id,
        "voyage_number": seizure.voyage.number if seizure.voyage else None,
        "cargo_unit_id": seizure.cargo_unit_id,
        "cargo_unit": seizure.cargo_unit.identifier if seizure.cargo_unit else None,
        "search_area_id": seizure.search_area_id,
        "concealment_place": seizure.concealment_place,
        "departure": seizure.departure,
        "transit": seizure.transit,
        "destination": seizure.destination,
        "parties": seizure.parties,
        "arrested": seizure.arrested,
        "case_reference": seizure.case_reference,
        "notes": seizure.notes,
        "held_by": seizure.held_by.code if seizure.held_by else None,
        "version": seizure.version,
        "recorded_by": seizure.recorded_by.username,
        "recorded_at": seizure.recorded_at,
    }


def _detail_out(seizure: Seizure) -> dict[str, Any]:
    custody = seizure.custody.select_related("from_agency", "to_agency", "recorded_by")
    return {
        **_seizure_out(seizure),
        "custody": [
            {
                "from_agency": t.from_agency.code if t.from_agency else None,
                "to_agency": t.to_agency.code,
                "handed_over_at": t.handed_over_at,
                "received_by": t.received_by,
                "note": t.note,
                "recorded_by": t.recorded_by.username,
            }
            for t in custody
        ],
        "versions": [
            {
                "number": v.number,
                "saved_at": v.saved_at,
                "saved_by": v.saved_by.username,
                "comment": v.comment,
                "data": v.data,
            }
            for v in seizure.versions.select_related("saved_by")
        ],
    }


def _invalid(error: ValidationError) -> ApiError:
    """The action's errors, keyed by the API's field names."""
    if hasattr(error, "error_dict"):
        details = {RECORD_IDS.get(k, k): v for k, v in error.message_dict.items()}
    else:
        details = {"__all__": error.messages}
    return ApiError(400, "invalid", "The seizure has errors; see details.", details)


# --- values in ----------------------------------------------------------------------------


def _aware(value: datetime) -> datetime:
    """A time without a zone is taken as UTC, as in the manifest formats."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _record_of(user: User, model: type, field: str, pk: int | None) -> Any:
    """The voyage, cargo unit or search area of the user's unit with this id."""
    if pk is None:
        return None
    if model is SearchArea:
        found = SearchArea.objects.filter(pk=pk, inspection__unit_id=user.unit_id).first()
    else:
        found = model.objects.filter(pk=pk, unit_id=user.unit_id).first()
    if found is None:
        raise ApiError(
            400,
            "invalid",
            "The seizure has errors; see details.",
            {field: [f"No {field.removesuffix('_id').replace('_', ' ')} {pk} in your unit."]},
        )
    return found


def _fields(user: User, given: dict[str, Any]) -> dict[str, Any]:
    """The payload's values as the action takes them: records for ids, times with a zone."""
    fields: dict[str, Any] = {}
    models = {"voyage_id": Voyage, "cargo_unit_id": CargoUnit, "search_area_id": SearchArea}
    for name, value in given.items():
        if name in models:
            fields[name.removesuffix("_id")] = _record_of(user, models[name], name, value)
        elif name == "seized_at" and value is not None:
            fields[name] = _aware(value)
        else:
            fields[name] = value
    return fields


# --- endpoints ----------------------------------------------------------------------------


@router.get("", response={200: SeizurePage, 400: ErrorOut, **ERRORS}, summary="Seizures")
def list_seizures(
    request: HttpRequest,
    date_from: date | None = None,
    date_to: date | None = None,
    category: str = "",
    own: bool = False,
    sort: str = "-date",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """The seizures the caller may see, by period (dates of seizure) and commodity group."""
    user = _reader(request)
    if category and category not in Commodity.values:
        raise ApiError(400, "invalid", "Unknown commodity group.", {"category": Commodity.values})
    if sort not in SORTS:
        raise ApiError(400, "invalid", "Unknown order.", {"sort": list(SORTS)})
    found = filter_seizures(
        visible_seizures(user),
        date_from=date_from,
        date_to=date_to,
        category=category,
        own_unit=user.unit_id if own else None,
        sort=sort,
    ).select_related(*RELATED)
    items = [_seizure_out(seizure) for seizure in found[offset : offset + limit]]
    return {"count": found.count(), "items": items}


@router.get("/{seizure_id}", response={200: SeizureDetailOut, **ERRORS}, summary="One seizure")
def get_seizure(request: HttpRequest, seizure_id: int) -> dict[str, Any]:
    """Every value, the chain of custody and every version."""
    return _detail_out(_visible(_reader(request), seizure_id))


@router.post(
    "",
    response={201: SeizureDetailOut, 400: ErrorOut, **ERRORS},
    summary="Record a seizure, from an inspection or direct",
)
def record(request: HttpRequest, payload: SeizureIn) -> Status:
    user = _writer(request)
    given = payload.model_dump(exclude_unset=True)
    inspection_id = given.pop("inspection_id", None)
    inspection: Inspection | None = None
    fields = _fields(user, given)
    if inspection_id is not None:
        inspection = visible_inspections(user).filter(pk=inspection_id).first()
        if inspection is None:
            raise ApiError(404, "not_found", "Not found.")
        fields = {**seizure_actions.inspection_defaults(inspection), **fields}
    try:
        seizure = seizure_actions.record_seizure(
            unit=user.unit, fields=fields, by=user, inspection=inspection
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, _detail_out(_visible(user, seizure.pk)))


@router.post(
    "/{seizure_id}/corrections",
    response={200: SeizureDetailOut, 400: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Correct a seizure: a new version; 409 when the version is not the current one",
)
def correct(request: HttpRequest, seizure_id: int, payload: CorrectionIn) -> dict[str, Any]:
    user = _reader(request)
    seizure = _visible(user, seizure_id)
    _writer(request)
    given = payload.model_dump(exclude_unset=True)
    version = given.pop("version")
    comment = given.pop("comment")
    try:
        seizure_actions.correct_seizure(
            seizure, _fields(user, given), by=user, version=version, comment=comment
        )
    except seizure_actions.SeizureConflict as error:
        raise ApiError(409, "conflict", str(error)) from error
    except ValidationError as error:
        raise _invalid(error) from error
    return _detail_out(_visible(user, seizure_id))


@router.post(
    "/{seizure_id}/custody",
    response={200: SeizureDetailOut, 400: ErrorOut, **ERRORS},
    summary="Hand the seized goods over to another agency",
)
def hand_over(request: HttpRequest, seizure_id: int, payload: CustodyIn) -> dict[str, Any]:
    user = _reader(request)
    seizure = _visible(user, seizure_id)
    _writer(request)
    agency = Agency.objects.filter(code=payload.to_agency.strip().upper()).first()
    if agency is None:
        raise ApiError(
            400, "invalid", "Unknown agency.", {"to_agency": [f"No agency {payload.to_agency}."]}
        )
    try:
        seizure_actions.hand_over_seizure(
            seizure,
            to_agency=agency,
            handed_over_at=_aware(payload.handed_over_at),
            received_by=payload.received_by,
            note=payload.note,
            by=user,
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return _detail_out(_visible(user, seizure_id))
