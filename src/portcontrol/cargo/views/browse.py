"""Browse what was ingested: voyages, their documents, cargo units, goods, parties and people."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portcontrol.accounts.permissions import get_for_unit_or_404
from portcontrol.cargo.access import member_required
from portcontrol.cargo.models import CargoUnit, Consignment, TransportDocument, Voyage
from portcontrol.cargo.search import voyages_for

PER_PAGE = 50


def _goods(queryset):  # type: ignore[no-untyped-def]
    """Goods items with their document and cargo units, in a fixed number of queries."""
    return queryset.select_related("document").prefetch_related(
        Prefetch("cargo_units", queryset=CargoUnit.objects.only("id", "identifier", "kind"))
    )


@member_required
def voyages(request: HttpRequest) -> HttpResponse:
    """Voyages of the unit, latest arrival first, with their counts."""
    page = Paginator(voyages_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cargo/voyages.html", {"page": page})


@member_required
def voyage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One voyage: its cargo units with seals, goods items, parties and people."""
    voyage = get_for_unit_or_404(Voyage.objects.all(), request.user, pk=pk)
    goods = _goods(
        Consignment.objects.filter(document__voyage=voyage, document__is_current=True)
    ).order_by("document__number", "item_number")
    page = Paginator(goods, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "voyage": voyage,
        "page": page,
        "cargo_units": voyage.cargo_units.all()[:500],
        "documents": voyage.documents.filter(is_current=True)[:500],
        "parties": voyage.parties.select_related("document").filter(
            Q(document__isnull=True) | Q(document__is_current=True)
        )[:500],
        "persons": voyage.persons.all()[:500],
    }
    return render(request, "cargo/voyage_detail.html", context)


@member_required
def cargo_unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One container, trailer, truck or wagon: seals, goods inside, the driver."""
    cargo_unit = get_for_unit_or_404(
        CargoUnit.objects.select_related("voyage"), request.user, pk=pk
    )
    goods = _goods(cargo_unit.consignments.filter(document__is_current=True))
    drivers = cargo_unit.voyage.persons.none()
    if cargo_unit.vehicle_plate:
        drivers = cargo_unit.voyage.persons.filter(vehicle_plate=cargo_unit.vehicle_plate)
    context = {"cargo_unit": cargo_unit, "goods": goods[:500], "drivers": drivers}
    return render(request, "cargo/cargo_unit_detail.html", context)


@member_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of a transport document, its goods, parties and every other version."""
    document = get_for_unit_or_404(
        TransportDocument.objects.select_related("voyage", "import_run", "replaced_by"),
        request.user,
        pk=pk,
    )
    versions = TransportDocument.objects.filter(
        voyage=document.voyage_id, number=document.number
    ).select_related("import_run", "import_run__file")
    context = {
        "document": document,
        "goods": _goods(document.consignments.all()),
        "parties": document.parties.all(),
        "versions": versions.order_by("-version"),
    }
    return render(request, "cargo/document_detail.html", context)
