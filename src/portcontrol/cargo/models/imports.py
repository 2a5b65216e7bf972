"""Raw files, the imports that read them, their warnings and the quarantine of rejected items."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Unit, User
from portcontrol.cargo.choices import (
    ImportSource,
    ImportStage,
    ImportStatus,
    QuarantineKind,
    QuarantineStatus,
    Severity,
)


class ImportFile(models.Model):
    """A manifest file as received: kept byte for byte, outside the database, before parsing."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="import_files")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("size in bytes"))
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    storage_path = models.CharField(max_length=300, editable=False)
    uploaded_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=10, choices=ImportSource.choices)

    class Meta:
        verbose_name = _("imported file")
        constraints = [
            # The same bytes for the same unit are one file: importing twice changes nothing.
            models.UniqueConstraint(fields=["unit", "sha256"], name="cargo_file_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name or self.sha256[:12]} ({self.size} B)"

    @property
    def path(self) -> Path:
        """Where the raw bytes are kept."""
        return Path(settings.MEDIA_ROOT) / self.storage_path

    def read_bytes(self) -> bytes:
        """The raw file as received."""
        return self.path.read_bytes()


class Import(models.Model):
    """One reading of a file: its status, format, counts and progress."""

    file = models.ForeignKey(ImportFile, models.PROTECT, related_name="imports")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="imports")
    requested_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    requested_format = models.CharField(_("format asked for"), max_length=20, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    stage = models.CharField(
        _("stage"), max_length=10, choices=ImportStage.choices, default=ImportStage.QUEUED
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    error = models.TextField(_("error"), blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Items read so far: written while the file is read, before the storing transaction.
    items_read = models.PositiveIntegerField(_("items read"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    # Set (not stored) when an ingestion found the same bytes already imported for the unit.
    repeated = False

    class Meta:
        verbose_name = _("import")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file.original_name} ({self.status})"

    @property
    def is_finished(self) -> bool:
        """True once nothing more will change: done or failed."""
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    def summary_line(self) -> str:
        """One line for terminals: status, format and the counts that are not zero."""
        if self.repeated:
            return f"already imported (import #{self.pk})"
        if self.status == ImportStatus.FAILED:
            return f"refused: {self.error}"
        counts = ", ".join(
            f"{value} {key.replace('_', ' ')}"
            for key, value in self.counts.items()
            if isinstance(value, int) and value
        )
        return f"{self.status} {self.format}: {counts or 'nothing'}; {self.warning_count} warnings"

    @property
    def percent(self) -> int:
        """Progress in percent, for the progress bar."""
        if self.is_finished:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class ImportIssue(models.Model):
    """A warning found while reading a file, with its place: kept with the data, never lost."""

    import_run = models.ForeignKey(Import, models.CASCADE, related_name="issues")
    place = models.CharField(_("place"), max_length=200, blank=True)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    segment = models.PositiveIntegerField(_("segment"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=60)
    message = models.TextField(_("message"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)

    class Meta:
        verbose_name = _("import warning")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class QuarantineItem(models.Model):
    """A rejected item, kept with its reasons and fields until corrected or dismissed."""

    import_run = models.ForeignKey(Import, models.CASCADE, related_name="quarantine")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=QuarantineKind.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    fields = models.JSONField(_("fields"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=QuarantineStatus.choices,
        default=QuarantineStatus.OPEN,
        db_index=True,
    )
    resolved_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quarantined item")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.place}"

    @property
    def is_open(self) -> bool:
        """True while the item can still be corrected or dismissed."""
        return self.status == QuarantineStatus.OPEN
