"""Background work of the targeting app, run by ``portcontrol db_worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def reassess_units_task(unit_ids: list[int], days: int) -> int:
    """Re-assess the recent voyages of units after a profile or a watch list changed."""
    from portcontrol.accounts.models import Unit
    from portcontrol.targeting.actions import assess_unit

    assessed = 0
    for unit in Unit.objects.filter(pk__in=unit_ids):
        assessed += assess_unit(unit, days=days).assessed
    return assessed


@task()
def refit_norms_task(unit_id: int) -> int:
    """Refit a unit's value norms if they are a day old: queued after imports, once a day."""
    from django.utils import timezone

    from portcontrol.accounts.models import Unit
    from portcontrol.targeting.history import fit_norms, is_stale
    from portcontrol.targeting.models import UnitValueNorm

    unit = Unit.objects.filter(pk=unit_id).first()
    # Several imports of one day queue several tasks; the first one refits, the rest find
    # the norms fresh and stop.
    if unit is None or not is_stale(
        UnitValueNorm.objects.filter(unit=unit).first(), timezone.now()
    ):
        return 0
    return fit_norms(unit).codes
