"""Changes to cargo data: ingesting a file, correcting or dismissing a quarantined item.

Each action writes its audit entry inside its own transaction.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import Unit, User
from portcontrol.cargo.choices import ImportStage, ImportStatus, QuarantineStatus
from portcontrol.cargo.models import Import, ImportFile, ImportIssue, QuarantineItem
from portcontrol.cargo.signals import import_stored
from portcontrol.cargo.store import issue_dict, store_manifest
from portcontrol.core.errors import Place, PortControlError, ReadError
from portcontrol.core.records import Manifest

logger = logging.getLogger(__name__)

# Progress of one import in steps the progress bar can show: the records themselves are written
# in one transaction, so no finer progress is visible to other connections before it commits.
STEPS = {
    ImportStage.QUEUED: 0,
    ImportStage.READING: 1,
    ImportStage.STORING: 2,
    ImportStage.FINISHED: 3,
}


class QuarantineClosed(PortControlError):
    """The item was already corrected or dismissed."""


def _keep_raw_file(sha256: str, data: bytes, name: str) -> str:
    """Write the raw bytes under MEDIA_ROOT/imports/<hash prefix>/; return the relative path."""
    suffix = "".join(Path(name).suffixes[-1:])[:10] if name else ""
    relative = f"imports/{sha256[:2]}/{sha256}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    if target.exists() and target.stat().st_size == len(data):
        return relative  # the same bytes, kept already (for another unit)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written to a temporary name first so that a crash never leaves a truncated "raw file".
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)
    return relative


def receive_file(
    *, unit: Unit, data: bytes, name: str, by: User | None, source: str, format: str | None = None
) -> tuple[Import, bool]:
    """Keep the raw file and create its import; (earlier import, False) for a repeated file."""
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        file, created = ImportFile.objects.get_or_create(
            unit=unit,
            sha256=sha256,
            defaults={
                "size": len(data),
                "original_name": name[:255],
                "uploaded_by": by,
                "source": source,
                "storage_path": "",
            },
        )
        if not created:
            earlier = file.imports.exclude(status=ImportStatus.FAILED).first()
            if earlier is not None:
                record_audit(
                    actor=by,
                    action="cargo.import.repeated",
                    obj=earlier,
                    unit=unit,
                    summary=f"{name}: already imported (import #{earlier.pk}), nothing changed",
                    details={"sha256": sha256},
                )
                return earlier, False
        if created or not file.path.exists():
            file.storage_path = _keep_raw_file(sha256, data, name)
            file.save(update_fields=["storage_path"])
        import_run = Import.objects.create(
            file=file,
            unit=unit,
            requested_by=by,
            requested_format=format or "",
            progress_total=STEPS[ImportStage.FINISHED],
        )
        record_audit(
            actor=by,
            action="cargo.import.received",
            obj=import_run,
            unit=unit,
            summary=f"{name}: {len(data)} bytes received ({source})",
            details={"sha256": sha256, "size": len(data), "source": source},
        )
    return import_run, True


def ingest_file(
    *,
    unit: Unit,
    data: bytes,
    name: str,
    by: User | None,
    source: str,
    format: str | None = None,
    background: bool = False,
) -> Import:
    """Keep the raw file, then read and store it (now, or in the worker with ``background``).

    1. The raw file and its import are committed first, so nothing received is ever lost.
    2. The same bytes for the same unit return the earlier import: nothing changes.
    3. The file is read; a file that cannot be read fails the import and stores nothing.
    4. All records, warnings and rejected items are written in one transaction.
    """
    import_run, fresh = receive_file(
        unit=unit, data=data, name=name, by=by, source=source, format=format
    )
    if not fresh:
        import_run.repeated = True
        return import_run
    if background:
        from portcontrol.cargo.tasks import run_import_task

        run_import_task.enqueue(import_run.pk)
        import_run.refresh_from_db()
        return import_run
    return run_import(import_run)


def _set_stage(import_run: Import, stage: ImportStage, **fields: object) -> None:
    import_run.stage = stage
    import_run.progress_done = STEPS[stage]
    for key, value in fields.items():
        setattr(import_run, key, value)
    import_run.save()


def _progress_writer(import_run: Import) -> Callable[[int], None]:
    """A callback that saves the count of items read, at most twice a second."""
    last = [0.0]

    def write(items: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5:
            last[0] = now
            Import.objects.filter(pk=import_run.pk).update(items_read=items)

    return write


def _read(import_run: Import) -> Manifest:
    from portcontrol.core.formats import read_manifest
    from portcontrol.core.progress import listening

    with listening(_progress_writer(import_run), every=2000):
        manifest = read_manifest(
            import_run.file.read_bytes(),
            name=import_run.file.original_name,
            format=import_run.requested_format or None,
        )
    import_run.items_read = (
        len(manifest.consignments)
        + len(manifest.cargo_units)
        + len(manifest.persons)
        + len(manifest.rejected)
    )
    return manifest


def run_import(import_run: Import) -> Import:
    """Read a received file and store what it holds; the import says how it went."""
    _set_stage(
        import_run, ImportStage.READING, status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    try:
        manifest = _read(import_run)
    except ReadError as exc:
        return _fail(import_run, str(exc), code=exc.code)
    except Exception:  # a reader bug must not leave the import "running" forever
        logger.exception("reading import %s failed", import_run.pk)
        return _fail(import_run, "The file could not be read (internal error).", code="internal")
    _set_stage(import_run, ImportStage.STORING, format=manifest.format)
    try:
        with transaction.atomic():
            _store(import_run, manifest)
    except Exception:
        logger.exception("storing import %s failed", import_run.pk)
        return _fail(
            import_run, "The records could not be stored (internal error).", code="internal"
        )
    import_stored.send(sender=Import, import_run=import_run)
    return import_run


def _store(import_run: Import, manifest: Manifest) -> None:
    """Records, warnings, quarantine, status and audit: one transaction."""
    result = store_manifest(manifest, import_run=import_run)
    warnings = manifest.warnings()
    ImportIssue.objects.bulk_create(
        [
            ImportIssue(
                import_run=import_run,
                place=str(issue.place)[:200],
                line=issue.place.line,
                segment=issue.place.segment,
                column=(issue.place.column or "")[:100],
                code=issue.code[:60],
                message=issue.message,
                severity=str(issue.severity),
            )
            for issue in warnings
        ],
        batch_size=2000,
    )
    QuarantineItem.objects.bulk_create(
        [
            QuarantineItem(
                import_run=import_run,
                unit_id=import_run.unit_id,
                kind=item.kind,
                place=str(item.place)[:200],
                line=item.place.line,
                reasons=[issue_dict(reason) for reason in item.reasons],
                fields=dict(item.fields),
            )
            for item in manifest.rejected
        ],
        batch_size=2000,
    )
    counts = manifest.counts()
    _set_stage(
        import_run,
        ImportStage.FINISHED,
        status=ImportStatus.DONE,
        finished_at=timezone.now(),
        counts={**counts, "stored": result.as_counts(), "amended": result.amended[:100]},
        warning_count=len(warnings),
    )
    record_audit(
        actor=import_run.requested_by,
        action="cargo.import.done",
        obj=import_run,
        unit=import_run.unit,
        summary=(
            f"{import_run.file.original_name}: {manifest.format}, "
            f"{counts['consignments']} consignments, {counts['rejected']} rejected, "
            f"{result.documents_amended} documents amended"
        ),
        details={"counts": counts, "stored": result.as_counts()},
    )


def _fail(import_run: Import, message: str, *, code: str) -> Import:
    """Mark the import failed with its reason; nothing of the file is stored."""
    with transaction.atomic():
        _set_stage(
            import_run,
            ImportStage.FINISHED,
            status=ImportStatus.FAILED,
            error=message,
            finished_at=timezone.now(),
        )
        record_audit(
            actor=import_run.requested_by,
            action="cargo.import.failed",
            obj=import_run,
            unit=import_run.unit,
            summary=f"{import_run.file.original_name}: {message}",
            details={"code": code},
        )
    return import_run


def validate_correction(kind: str, fields: Mapping[str, str], line: int | None) -> Manifest:
    """Run corrected fields through the same builder as a fresh file."""
    from portcontrol.core.manifest import ManifestBuilder

    builder = ManifestBuilder(format="correction")
    add = {
        "consignment": builder.add_consignment_row,
        "cargo_unit": builder.add_cargo_unit_row,
        "person": builder.add_person_row,
        "voyage": builder.add_voyage,
    }[kind]
    add(fields, Place(line=line))
    return builder.build()


def resubmit_quarantine_item(
    item: QuarantineItem, fields: Mapping[str, str | None], *, by: User
) -> bool:
    """Validate corrected fields; store the record when valid, else keep the item with new reasons.

    Returns True when the record was stored.
    """
    cleaned = {k: v.strip() for k, v in fields.items() if isinstance(v, str) and v.strip()}
    manifest = validate_correction(item.kind, cleaned, item.line)
    with transaction.atomic():
        locked = (
            QuarantineItem.objects.select_for_update().select_related("import_run").get(pk=item.pk)
        )
        if not locked.is_open:
            raise QuarantineClosed(f"item {item.pk} is {locked.status}")
        locked.fields = cleaned
        stored = not manifest.rejected
        if stored:
            store_manifest(manifest, import_run=locked.import_run, append=True)
            locked.status = QuarantineStatus.RESUBMITTED
            locked.resolved_by = by
            locked.resolved_at = timezone.now()
        else:
            locked.reasons = [issue_dict(r) for item_ in manifest.rejected for r in item_.reasons]
        locked.save()
        record_audit(
            actor=by,
            action="cargo.quarantine.stored" if stored else "cargo.quarantine.refused",
            obj=locked,
            unit=locked.unit,
            summary=f"{locked.get_kind_display()} {locked.place}: "
            + ("corrected and stored" if stored else "correction still rejected"),
            details={"fields": cleaned, "reasons": locked.reasons if not stored else []},
        )
    item.refresh_from_db()
    return stored


def dismiss_quarantine_item(item: QuarantineItem, *, by: User, reason: str = "") -> None:
    """Close a rejected item without storing it; it stays for the record."""
    with transaction.atomic():
        locked = QuarantineItem.objects.select_for_update().get(pk=item.pk)
        if not locked.is_open:
            raise QuarantineClosed(f"item {item.pk} is {locked.status}")
        locked.status = QuarantineStatus.DISMISSED
        locked.resolved_by = by
        locked.resolved_at = timezone.now()
        locked.save()
        record_audit(
            actor=by,
            action="cargo.quarantine.dismissed",
            obj=locked,
            unit=locked.unit,
            summary=f"{locked.get_kind_display()} {locked.place}: dismissed. {reason}".strip(),
            details={"reason": reason},
        )
    item.refresh_from_db()
