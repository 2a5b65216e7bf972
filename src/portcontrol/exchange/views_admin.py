"""Administrator pages of the exchange: partner nodes, closed user groups, this node's keys.

Every page is for administrators only; anyone else gets 404 (:func:`administrator_required`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portcontrol.core.messages import KeyMaterialError, OwnKeys, PublicKey
from portcontrol.exchange import actions, keyring
from portcontrol.exchange.access import administrator_required
from portcontrol.exchange.administration import set_partner_active
from portcontrol.exchange.choices import DeliveryState
from portcontrol.exchange.forms_admin import GroupForm, PartnerForm, RotationForm
from portcontrol.exchange.models import ClosedUserGroup, PartnerNode
from portcontrol.exchange.node import own_keys

# Deliveries still on their way: waiting for an attempt, or an attempt under way.
PENDING_STATES = [DeliveryState.QUEUED, DeliveryState.SENT]


# --- partner nodes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerRow:
    """A partner node with its registered keys and its deliveries still pending or failed."""

    partner: PartnerNode
    keys: tuple[PublicKey, ...]
    key_error: str


def _partner_row(partner: PartnerNode) -> PartnerRow:
    try:
        return PartnerRow(partner, partner.as_core().keys, "")
    except (KeyMaterialError, TypeError, ValueError) as error:
        return PartnerRow(partner, (), str(error))


@administrator_required
def partners(request: HttpRequest) -> HttpResponse:
    """Every partner node, its keys and how many deliveries to it wait or failed."""
    nodes = PartnerNode.objects.annotate(
        pending=Count("deliveries", filter=Q(deliveries__state__in=PENDING_STATES)),
        failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
    )
    context = {"rows": [_partner_row(partner) for partner in nodes], "now": timezone.now()}
    return render(request, "exchange/admin/partners.html", context)


@administrator_required
def partner_edit(request: HttpRequest, node_id: str | None = None) -> HttpResponse:
    """Register a partner node from its public document, or change a registered one."""
    partner = get_object_or_404(PartnerNode, node_id=node_id) if node_id else None
    form = PartnerForm(
        request.POST or None,
        request.FILES or None,
        node_id=node_id,
        initial=_partner_initial(partner),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.register_partner(
                by=request.user,
                document=data["document"],
                name=data["name"],
                country=data["country"],
                inbox_url=data["inbox_url"],
                active=data["active"],
            )
        except actions.ExchangeError as error:
            _add_error(form, error.field, str(error))
        else:
            messages.success(
                request, _("Partner node %(node)s is saved.") % {"node": saved.node_id}
            )
            return redirect("exchange:admin_partners")
    return render(request, "exchange/admin/partner_edit.html", {"form": form, "partner": partner})


def _partner_initial(partner: PartnerNode | None) -> dict[str, object]:
    if partner is None:
        return {"active": True}
    return {
        "public_document": json.dumps(partner.public_document, indent=2),
        "name": partner.name,
        "country": partner.country,
        "inbox_url": partner.inbox_url,
        "active": partner.active,
    }


@require_POST
@administrator_required
def partner_active(request: HttpRequest, node_id: str) -> HttpResponse:
    """Activate or deactivate a partner node (``active`` = 1 or 0 in the POST)."""
    partner = get_object_or_404(PartnerNode, node_id=node_id)
    wanted = request.POST.get("active")
    if wanted not in ("0", "1"):
        raise Http404("not found")
    saved = set_partner_active(by=request.user, partner=partner, active=wanted == "1")
    if saved.active:
        messages.success(request, _("Partner node %(node)s is active.") % {"node": saved.node_id})
    else:
        messages.success(
            request,
            _("Partner node %(node)s is inactive: nothing is sent to it or accepted from it.")
            % {"node": saved.node_id},
        )
    return redirect("exchange:admin_partners")


# --- closed user groups ----------------------------------------------------------------------


@administrator_required
def groups(request: HttpRequest) -> HttpResponse:
    """Every closed user group with its members."""
    listed = ClosedUserGroup.objects.prefetch_related("partners", "units", "agencies")
    return render(request, "exchange/admin/groups.html", {"groups": listed})


@administrator_required
def group_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Create a closed user group, or change one."""
    group = get_object_or_404(ClosedUserGroup, code=code) if code else None
    initial: dict[str, object] = {}
    if group is not None:
        initial = {
            "code": group.code,
            "name": group.name,
            "personal_data_allowed": group.personal_data_allowed,
            "partners": list(group.partners.all()),
            "units": list(group.units.all()),
            "agencies": list(group.agencies.all()),
        }
    form = GroupForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_group(
                by=request.user,
                code=data["code"],
                name=data["name"],
                personal_data_allowed=data["personal_data_allowed"],
                partner_ids=[partner.node_id for partner in data["partners"]],
                units=data["units"],
                agencies=data["agencies"],
            )
        except actions.ExchangeError as error:
            _add_error(form, error.field, str(error))
        else:
            messages.success(request, _("Group %(code)s is saved.") % {"code": saved.code})
            return redirect("exchange:admin_groups")
    return render(request, "exchange/admin/group_edit.html", {"form": form, "group": group})


# --- this node -------------------------------------------------------------------------------


@administrator_required
def node(request: HttpRequest) -> HttpResponse:
    """This node's id and keys, its public document, and the rotation form."""
    form = RotationForm(request.POST) if request.method == "POST" else RotationForm.first()
    if request.method == "POST" and form.is_valid():
        try:
            keyring.rotate_keys(
                by=request.user,
                now=timezone.now(),
                starts=form.cleaned_data["starts"],
                overlap=timedelta(hours=form.cleaned_data["overlap_hours"]),
            )
        except keyring.KeyringError as error:
            _add_error(form, error.field, str(error))
        else:
            messages.success(
                request,
                _(
                    "New keys are written, in force from %(starts)s. Send the public document "
                    "below to every partner node now: they must register it before then."
                )
                % {"starts": form.cleaned_data["starts"].strftime("%Y-%m-%d %H:%M %Z")},
            )
            return redirect("exchange:admin_node")
    return render(request, "exchange/admin/node.html", _node_context(form))


def _node_context(form: RotationForm) -> dict[str, object]:
    now = timezone.now()
    context: dict[str, object] = {
        "form": form,
        "now": now,
        "key_file": keyring.key_file(),
        "no_key_file": keyring.no_key_file_message(),
    }
    try:
        keys = own_keys()
    except (KeyMaterialError, OSError) as error:
        context["key_error"] = str(error)
        return context
    context.update(
        node_id=keys.node_id,
        rows=keyring.key_rows(keys, now),
        document=keys.public().to_json(),
    )
    return context


@administrator_required
def node_document(request: HttpRequest) -> HttpResponse:
    """This node's public document as a .json file to hand to partner nodes."""
    try:
        keys: OwnKeys = own_keys()
    except KeyMaterialError:
        raise Http404("no node keys") from None
    response = HttpResponse(keys.public().to_json(), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{keys.node_id}-public-keys.json"'
    return response


@require_POST
@administrator_required
def node_drop_key(request: HttpRequest) -> HttpResponse:
    """Drop one retired key from this node's key set."""
    kid = request.POST.get("kid", "")
    try:
        keyring.drop_key(by=request.user, now=timezone.now(), kid=kid)
    except keyring.KeyringError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Key %(kid)s is dropped. Send the public document below to every partner node "
                "so that they stop accepting it."
            )
            % {"kid": kid},
        )
    return redirect("exchange:admin_node")


def _add_error(form: forms.Form, field: str, message: str) -> None:
    """The action's error on its field when the form has one, else above the form."""
    form.add_error(field if field in form.fields else None, message)
