"""`portcontrol load_reference hs|locode FILE`: install a newer HS or UN/LOCODE edition."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.core.reference import EditionError, install_edition, reference_dir


class Command(BaseCommand):
    help = (
        "Install a newer edition of a reference list: 'hs' (HS nomenclature CSV: section, "
        "hscode, description, parent, level) or 'locode' (UN/LOCODE CodeList CSV or its "
        "compilation with coordinates). It replaces the shipped edition for every process."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["hs", "locode"])
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            installed = install_edition(options["kind"], options["file"])
        except EditionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Installed {options['kind']} edition: {installed} (in {reference_dir()})"
        )
