"""Closed user group pages: the user's groups, and one group's timeline.

A group's timeline holds what its members on this node posted or sent (outgoing messages, by
any member unit or agency) and what partner nodes sent to it (incoming messages), newest first.
Only members see a group: anyone else, an administrator included, gets 404, as on every other
exchange page (:mod:`.access`). "Unread" is a mark of incoming messages only: a post by a
member here is read on this page and the outbox, and is never counted in the navigation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from portcontrol.accounts.models import User
from portcontrol.exchange import actions
from portcontrol.exchange.access import groups_of, member_required
from portcontrol.exchange.choices import PostState
from portcontrol.exchange.models import ClosedUserGroup, IncomingMessage, OutgoingMessage

# Newest messages of each direction on a group page.
PAGE_SIZE = 200


@dataclass(frozen=True)
class TimelineEntry:
    """One message of a group's timeline, posted or sent here, or received from a partner."""

    incoming: IncomingMessage | None
    outgoing: OutgoingMessage | None

    @property
    def at(self) -> datetime:
        """When it reached the group here: received, or created by the member who posted it."""
        if self.incoming is not None:
            return self.incoming.received
        return self.outgoing.created  # type: ignore[union-attr]

    @property
    def url(self) -> str:
        if self.incoming is not None:
            return reverse("exchange:incoming", args=[self.incoming.pk])
        return reverse("exchange:outgoing", args=[self.outgoing.pk])  # type: ignore[union-attr]

    @property
    def message(self) -> IncomingMessage | OutgoingMessage:
        return self.incoming or self.outgoing  # type: ignore[return-value]

    @property
    def is_posted_here(self) -> bool:
        """A post to the members on this node: no partner node received it."""
        return self.outgoing is not None and actions.post_state(self.outgoing) == PostState.POSTED

    @property
    def is_unread(self) -> bool:
        return self.incoming is not None and self.incoming.read_at is None


def _member_groups(user: User) -> list[ClosedUserGroup]:
    """The user's groups with their message and unread counts, by code."""
    mine = groups_of(user).values("pk")
    # Distinct counts: the two joins multiply each other's rows.
    return list(
        ClosedUserGroup.objects.filter(pk__in=mine)
        .annotate(
            sent_count=Count("outgoing", distinct=True),
            received_count=Count("incoming", distinct=True),
            unread_count=Count("incoming", filter=Q(incoming__read_at__isnull=True), distinct=True),
        )
        .order_by("code")
    )


def timeline_of(group: ClosedUserGroup) -> list[TimelineEntry]:
    """The group's newest messages of both directions, newest first."""
    outgoing = (
        OutgoingMessage.objects.filter(group=group)
        .select_related("unit", "created_by__agency")
        .prefetch_related("deliveries__partner")
        .order_by("-created")[:PAGE_SIZE]
    )
    incoming = IncomingMessage.objects.filter(group=group).order_by("-received")[:PAGE_SIZE]
    entries = [TimelineEntry(None, m) for m in outgoing]
    entries += [TimelineEntry(m, None) for m in incoming]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:PAGE_SIZE]


@member_required
def groups(request: HttpRequest) -> HttpResponse:
    """The user's closed user groups with how many messages each holds and how many are unread."""
    return render(request, "exchange/groups.html", {"groups": _member_groups(request.user)})


@member_required
def group(request: HttpRequest, code: str) -> HttpResponse:
    """One group's timeline; a group the user is no member of does not exist for them."""
    found = groups_of(request.user).filter(code=code).first()
    if found is None:
        raise Http404("not found")
    context = {
        "group": found,
        "entries": timeline_of(found),
        "partners": found.partners.filter(active=True).order_by("node_id"),
        "units": found.units.order_by("code"),
        "agencies": found.agencies.order_by("code"),
    }
    return render(request, "exchange/group.html", context)
