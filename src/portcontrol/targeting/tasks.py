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
