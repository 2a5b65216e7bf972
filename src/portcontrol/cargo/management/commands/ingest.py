"""``portcontrol ingest FILE [FILE...] --unit CODE``: load manifests from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.accounts.models import Unit, User
from portcontrol.cargo.actions import ingest_file
from portcontrol.cargo.choices import FORMAT_CHOICES, ImportSource, ImportStatus
from portcontrol.cargo.models import Import

COUNTED = ("voyages", "documents", "consignments", "cargo_units", "parties", "persons")


class Command(BaseCommand):
    help = "Load manifest files for a unit; print counts, rejected items and warnings per file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--unit", required=True, help="unit code, e.g. KZKUR")
        parser.add_argument("--user", help="username recorded as the one who loaded the files")
        parser.add_argument(
            "--format",
            choices=[code for code, _ in FORMAT_CHOICES if code],
            help="read as this format instead of detecting it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"no unit with code {options['unit']!r}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        refused = 0
        for name in options["files"]:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{name}: cannot be read: {exc.strerror}")
                refused += 1
                continue
            import_run = ingest_file(
                unit=unit,
                data=data,
                name=path.name,
                by=user,
                source=ImportSource.CLI,
                format=options["format"],
            )
            refused += import_run.status == ImportStatus.FAILED
            self._report(name, import_run, options["verbosity"])
        if refused:
            raise SystemExit(1)

    def _report(self, name: str, import_run: Import, verbosity: int) -> None:
        """Print what the file held, every rejected item and the warnings."""
        out = self.stdout
        if import_run.repeated:
            out.write(f"{name}: already imported as import #{import_run.pk}; nothing changed")
        if import_run.status == ImportStatus.FAILED:
            self.stderr.write(f"{name}: refused: {import_run.error}")
            return
        counts = import_run.counts
        figures = ", ".join(f"{counts.get(key, 0)} {key.replace('_', ' ')}" for key in COUNTED)
        out.write(f"{name}: {import_run.format} (import #{import_run.pk}): {figures}")
        rejected = list(import_run.quarantine.all())
        out.write(f"  rejected: {len(rejected)}")
        for item in rejected:
            reasons = "; ".join(reason["message"] for reason in item.reasons)
            out.write(f"    {item.kind} at {item.place}: {reasons}")
        out.write(f"  warnings: {import_run.warning_count}")
        if verbosity >= 2:
            for issue in import_run.issues.all():
                out.write(f"    {issue.place}: {issue.message} [{issue.code}]")
