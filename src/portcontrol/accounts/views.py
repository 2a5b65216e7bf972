"""Pages of the accounts app: the audit log of the user's unit."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portcontrol.accounts.choices import Role
from portcontrol.accounts.models import AuditEntry


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who imported, corrected or changed what in the user's unit; supervisors and analysts."""
    user = request.user
    if not user.works_in_unit() or user.role not in (Role.SUPERVISOR, Role.ANALYST):
        raise Http404("not found")
    entries = AuditEntry.objects.filter(unit=user.unit_id).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page})
