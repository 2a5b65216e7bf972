"""Upload a manifest, follow its import, read its report."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portcontrol.accounts.permissions import for_unit, get_for_unit_or_404
from portcontrol.cargo.access import ingest_required, member_required
from portcontrol.cargo.actions import ingest_file
from portcontrol.cargo.choices import ImportSource
from portcontrol.cargo.forms import UploadForm
from portcontrol.cargo.models import Import

ISSUES_SHOWN = 500


@ingest_required
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form; large files go to the background worker."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        import_run = ingest_file(
            unit=request.user.unit,
            data=upload.read(),
            name=upload.name,
            by=request.user,
            source=ImportSource.WEB,
            format=form.cleaned_data["format"] or None,
            background=upload.size > settings.PORTCONTROL_BACKGROUND_IMPORT_BYTES,
        )
        if import_run.repeated:
            messages.warning(request, _("This file was already imported: nothing changed."))
        return redirect("cargo:import", pk=import_run.pk)
    return render(request, "cargo/upload.html", {"form": form})


@member_required
def imports(request: HttpRequest) -> HttpResponse:
    """Imports of the unit, newest first."""
    found = for_unit(Import.objects.select_related("file", "requested_by"), request.user)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "cargo/imports.html", {"page": page})


@member_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report of one import: file, format, counts, rejected items, warnings."""
    import_run = get_for_unit_or_404(
        Import.objects.select_related("file", "file__uploaded_by", "requested_by"),
        request.user,
        pk=pk,
    )
    context = {
        "import_run": import_run,
        "rejected": import_run.quarantine.select_related("resolved_by"),
        "issues": import_run.issues.all()[:ISSUES_SHOWN],
        "issues_shown": ISSUES_SHOWN,
    }
    return render(request, "cargo/import_detail.html", context)


@member_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx; reloads the report once the import is finished."""
    import_run = get_for_unit_or_404(Import.objects.all(), request.user, pk=pk)
    response = render(request, "cargo/_progress.html", {"import_run": import_run})
    if import_run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@member_required
def manifest_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The CSV or XLSX column template: the core writers' output for an empty manifest."""
    from portcontrol.core.formats import write_csv, write_xlsx
    from portcontrol.core.records import Manifest

    writers = {
        "csv": (write_csv, "text/csv; charset=utf-8"),
        "xlsx": (write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    }
    if kind not in writers:
        raise Http404("no such template")
    write, content_type = writers[kind]
    response = HttpResponse(write(Manifest(format=kind)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="portcontrol-manifest.{kind}"'
    return response
