"""Stored risk profiles as the core profile engine sees them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q

from portcontrol.accounts.models import Unit
from portcontrol.targeting.access import in_scope
from portcontrol.targeting.choices import ProfileStatus
from portcontrol.targeting.models import RiskProfile, RiskProfileVersion


def active_versions(unit: Unit, today: date) -> list[RiskProfileVersion]:
    """Approved versions of the active profiles the unit applies, valid today."""
    profiles = in_scope(RiskProfile.objects.all(), unit).filter(
        status__in=[ProfileStatus.ACTIVE, ProfileStatus.DRAFT, ProfileStatus.PENDING_APPROVAL],
        active_version__isnull=False,
    )
    ids = list(profiles.values_list("active_version_id", flat=True))
    return list(
        RiskProfileVersion.objects.filter(pk__in=ids)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("-priority", "code")
    )


def core_profile(content: Any, *, version: int = 1, unit: str | None = None) -> Any:
    """A profile version (or a profile's latest text) as the core engine applies it."""
    from portcontrol.core.risk.profiles import Profile
    from portcontrol.core.risk.reasons import Lane, Threat

    return Profile(
        code=content.code,
        name=content.name,
        threat=Threat(content.threat),
        criteria=content.criteria,
        score=float(content.score),
        lane=Lane(content.lane),
        reason=content.reason,
        instructions=content.instructions,
        valid_from=content.valid_from,
        valid_to=content.valid_to,
        unit=unit,
        version=version,
        priority=content.priority,
    )


def core_profiles(versions: Iterable[RiskProfileVersion]) -> list[Any]:
    """Core profiles of the versions; a version whose text no longer parses is left out."""
    from portcontrol.core.risk.profiles.errors import ProfileError

    made = []
    for version in versions:
        profile = core_profile(version, version=version.number)
        try:
            profile.tree()
        except ProfileError:
            continue  # approved under an older language: left out rather than failing all
        made.append(profile)
    return made
