"""Background work of the cargo app, run by ``portcontrol db_worker``."""

from __future__ import annotations

from django_tasks import task

from portcontrol.cargo.choices import ImportStatus


@task()
def run_import_task(import_id: int) -> str:
    """Read and store a queued import; an import already started is left alone."""
    from portcontrol.cargo.actions import run_import
    from portcontrol.cargo.models import Import

    import_run = Import.objects.select_related("file", "unit", "requested_by").get(pk=import_id)
    if import_run.status != ImportStatus.QUEUED:
        return import_run.status
    return run_import(import_run).status
