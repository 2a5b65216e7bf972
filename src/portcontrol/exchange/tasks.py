"""Background work of the exchange app, run by ``portcontrol db_worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_pending() -> int:
    """Attempt every delivery that is due; how many arrived."""
    from portcontrol.exchange.actions import deliver_due

    return deliver_due().delivered
