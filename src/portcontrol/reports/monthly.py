"""The monthly report a unit sends to the programme: seizures, inspections, hit rates, cases.

The content is gathered here once; ``exports`` writes it as a workbook or as a PDF, so both
files always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from portcontrol.inspections.choices import InspectionKind, InspectionResult, InspectionStatus
from portcontrol.inspections.models import Seizure
from portcontrol.reports import figures
from portcontrol.reports.access import Scope
from portcontrol.reports.figures import Durations, HitRate, InspectionCounts
from portcontrol.targeting.statistics import HitRow, hit_statistics
from portcontrol.web.periods import Period

# Notable cases: the largest seizures of the month, by estimated value then quantity.
NOTABLE_CASES = 5
# Characters of a seizure's description kept in the notable cases.
SHORT_DESCRIPTION = 240


@dataclass(frozen=True, slots=True)
class InspectionLine:
    """Inspections of one type in the month: ordered, and how those finished turned out."""

    kind: str
    label: str
    ordered: int
    done: int
    nothing_found: int
    discrepancy: int
    seizure: int
    cancelled: int


@dataclass(slots=True)
class MonthlyReport:
    scope: Scope
    period: Period
    inspections: InspectionCounts
    inspection_lines: list[InspectionLine]
    hit_rates: list[HitRate]
    profiles: list[HitRow]
    seizures: list[Seizure]
    notable: list[Seizure]
    decision_time: Durations

    @property
    def month(self) -> str:
        return self.period.first.strftime("%Y-%m")

    @property
    def unit_code(self) -> str:
        return self.scope.unit.code if self.scope.unit is not None else self.scope.agency.code

    def file_name(self, extension: str) -> str:
        return f"portcontrol-{self.unit_code}-{self.month}.{extension}"

    def summary(self) -> list[tuple[str, object]]:
        """The headline figures, label and value, in the order the programme reads them."""
        done = self.inspections.by_status.get(InspectionStatus.DONE, 0)
        by_result = self.inspections.by_result
        lines: list[tuple[str, object]] = [
            (_("Unit"), str(self.scope)),
            (_("Month"), self.month),
            (_("Inspections ordered"), self.inspections.total),
            (_("Inspections finished"), done),
            (_("Nothing found"), by_result.get(InspectionResult.NOTHING_FOUND, 0)),
            (_("Discrepancy"), by_result.get(InspectionResult.DISCREPANCY, 0)),
            (_("Seizure"), by_result.get(InspectionResult.SEIZURE, 0)),
            (_("Seizures recorded"), len(self.seizures)),
        ]
        for row in self.hit_rates:
            lines.append(
                (
                    _("Hit rate, %(selection)s") % {"selection": row.label},
                    f"{row.percent} ({row.positive}/{row.inspected})",
                )
            )
        lines.append((_("Manifest to decision, median"), self.decision_time.median_text))
        lines.append((_("Manifest to decision, 90th percentile"), self.decision_time.p90_text))
        return lines

    def seizures_by_category(self) -> list[tuple[str, int]]:
        """Seizures per commodity group, most frequent first."""
        counts: dict[str, int] = {}
        for seizure in self.seizures:
            label = seizure.get_category_display()
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _inspection_lines(counts: InspectionCounts) -> list[InspectionLine]:
    """One line per type of inspection ordered in the month."""
    lines = []
    for kind, label in InspectionKind.choices:
        cells = {
            (status, result): n for (k, status, result), n in counts.cells.items() if k == kind
        }
        if not cells:
            continue

        def of_status(status: str, cells: dict[tuple[str, str], int] = cells) -> int:
            return sum(n for (s, _result), n in cells.items() if s == status)

        done = InspectionStatus.DONE
        lines.append(
            InspectionLine(
                kind=kind,
                label=str(label),
                ordered=sum(cells.values()),
                done=of_status(done),
                nothing_found=cells.get((done, InspectionResult.NOTHING_FOUND), 0),
                discrepancy=cells.get((done, InspectionResult.DISCREPANCY), 0),
                seizure=cells.get((done, InspectionResult.SEIZURE), 0),
                cancelled=of_status(InspectionStatus.CANCELLED),
            )
        )
    return lines


def short_description(seizure: Seizure) -> str:
    """What was found, how much and where it was hidden, in a line or two."""
    text = " ".join(seizure.description.split())
    if len(text) > SHORT_DESCRIPTION:
        text = text[: SHORT_DESCRIPTION - 1].rstrip() + "…"
    hidden = seizure.get_concealment_display()
    if seizure.concealment_place:
        hidden = f"{hidden}: {seizure.concealment_place}"
    return f"{text} ({hidden})"


def quantity_text(seizure: Seizure) -> str:
    quantity = seizure.quantity.normalize() if isinstance(seizure.quantity, Decimal) else ""
    return f"{quantity:f} {seizure.get_quantity_unit_display()}".strip()


def value_text(seizure: Seizure) -> str:
    if seizure.estimated_value is None:
        return ""
    return f"{seizure.estimated_value:,.2f} {seizure.currency}".strip()


def monthly_report(scope: Scope, period: Period) -> MonthlyReport:
    """Everything the monthly report says about ``scope`` in the month ``period``."""
    counts = figures.inspection_counts(figures.inspections_in(scope, period))
    tasks = figures.tasks_in(scope, period)
    seizures = list(
        figures.seizures_in(scope, period)
        .select_related("held_by", "voyage")
        .order_by("seized_at", "id")
    )
    notable = list(
        figures.seizures_in(scope, period).order_by(
            F("estimated_value").desc(nulls_last=True), "-quantity", "seized_at", "id"
        )[:NOTABLE_CASES]
    )
    profiles = [row for row in hit_statistics(tasks) if row.kind != "all"]
    return MonthlyReport(
        scope=scope,
        period=period,
        inspections=counts,
        inspection_lines=_inspection_lines(counts),
        hit_rates=figures.hit_rates(tasks, scope, period),
        profiles=profiles,
        seizures=seizures,
        notable=notable,
        decision_time=figures.decision_time(tasks),
    )
