"""``portcontrol assess --unit CODE [--voyage NUMBER] [--format table|csv|json]``."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.accounts.models import Unit
from portcontrol.cargo.models import Voyage
from portcontrol.targeting.actions import assess_unit
from portcontrol.targeting.models import Assessment

COLUMNS = ("voyage", "cargo_unit", "consignment", "person", "score", "lane", "threat", "reasons")


def _row(assessment: Assessment) -> dict[str, Any]:
    """One printed line: what was assessed, its score, lane and reasons with contributions."""
    return {
        "voyage": assessment.voyage.number,
        "cargo_unit": assessment.cargo_unit.identifier if assessment.cargo_unit else "",
        "consignment": str(assessment.consignment) if assessment.consignment else "",
        "person": str(assessment.person) if assessment.person else "",
        "score": assessment.score,
        "lane": assessment.lane,
        "threat": assessment.threat,
        "reasons": [
            {"kind": r["kind"], "key": r["key"], "label": r["label"], "score": r["score"]}
            for r in assessment.reasons
        ],
    }


def _reasons_text(reasons: list[dict[str, Any]]) -> str:
    return "; ".join(f"{r['label']} [{r['kind']} {r['key']}] +{r['score']:g}" for r in reasons)


class Command(BaseCommand):
    help = (
        "Assess what a unit has ingested; print cargo unit, consignment, person, score, lane "
        "and reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code, e.g. KZKUR")
        parser.add_argument("--voyage", help="voyage number; all voyages of the unit when left out")
        parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
        parser.add_argument(
            "--all", action="store_true", help="print green assessments without reasons too"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"no unit with code {options['unit']!r}")
        voyage = None
        if options["voyage"]:
            voyage = Voyage.objects.filter(unit=unit, number=options["voyage"]).first()
            if voyage is None:
                raise CommandError(f"no voyage {options['voyage']!r} at {unit.code}")
        run = assess_unit(unit, voyage)
        found = Assessment.objects.filter(pk__in=[a.pk for a in run.assessments]).select_related(
            "voyage", "cargo_unit", "consignment__document", "person"
        )
        if not options["all"]:
            found = found.exclude(score=0, reasons=[])
        rows = [_row(a) for a in found.order_by("-score", "voyage__number", "target", "id")]
        self._print(rows, options["format"])
        self.stderr.write(
            f"{run.voyages} voyages, {run.assessed} assessed, {run.above_green} above green, "
            f"{run.tasks_created} new tasks"
        )

    def _print(self, rows: list[dict[str, Any]], format: str) -> None:
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow([*(row[c] for c in COLUMNS[:-1]), _reasons_text(row["reasons"])])
            return
        self.stdout.write(
            f"{'cargo unit':<13} {'consignment':<16} {'person':<22} {'score':>5} "
            f"{'lane':<6} reasons"
        )
        for row in rows:
            self.stdout.write(
                f"{row['cargo_unit']:<13} {row['consignment']:<16} {row['person'][:22]:<22} "
                f"{row['score']:>5} {row['lane']:<6} {_reasons_text(row['reasons'])}"
            )
