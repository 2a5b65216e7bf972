"""``portcontrol learn_norms --unit CODE [--days N]``: what the indicators learn from history."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.accounts.models import Unit
from portcontrol.targeting.history import NORM_DAYS, fit_norms, learn_parties


class Command(BaseCommand):
    help = (
        "Fit a unit's value-per-kg norms per HS code from its consignment lines of the last N "
        "days, and record the parties seen in them (for the first-seen indicator)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code, e.g. KZKUR")
        parser.add_argument(
            "--days", type=int, default=NORM_DAYS, help=f"days of history (default {NORM_DAYS})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["unit"].upper()).first()
        if unit is None:
            raise CommandError(f"no unit {options['unit']!r}")
        if options["days"] < 1:
            raise CommandError("--days must be at least 1")
        stored = fit_norms(unit, days=options["days"])
        parties = learn_parties(unit, days=options["days"])
        self.stdout.write(
            f"{unit.code}: {stored.codes} HS codes with a norm from {stored.lines} lines of the "
            f"last {stored.days} days; {parties} party keys recorded"
        )
