"""Dry run of a profile: what its latest text would have selected, and the hit rate seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from portcontrol.accounts.models import Unit
from portcontrol.targeting.choices import TaskResult, TaskStatus
from portcontrol.targeting.frames import build_frames, voyages_since
from portcontrol.targeting.models import RiskProfile, TargetingTask
from portcontrol.targeting.profiling import core_profile


@dataclass(frozen=True, slots=True)
class DryRun:
    """Figures of a dry run over the unit's recent voyages."""

    days: int
    voyages: int
    lines: int
    selected_lines: int
    selected_cargo_units: int
    inspected: int
    positive: int
    examples: list[int]  # consignment ids, first few

    @property
    def hit_rate(self) -> float | None:
        """Positive inspections per inspection among what it would select, if any inspected."""
        return self.positive / self.inspected if self.inspected else None

    @property
    def hit_rate_percent(self) -> str:
        rate = self.hit_rate
        return "—" if rate is None else f"{100 * rate:.1f} %"


def dry_run(profile: RiskProfile, unit: Unit, *, days: int) -> DryRun:
    """Apply the profile's latest text to the unit's voyages of the last ``days``.

    1. The unit's stored records of those voyages become a consignment frame.
    2. The core selects the lines the criteria meet, validity aside.
    3. Tasks completed on those lines (or on the cargo units carrying them) give the hit rate.
    """
    from portcontrol.core.risk.profiles import dry_run as core_dry_run

    voyages = voyages_since(unit.pk, timezone.localdate() - timedelta(days=days))
    frames = build_frames(voyages)
    line_ids, count = core_dry_run(
        core_profile(profile, version=profile.version), frames.consignments
    )
    chosen = set(line_ids)
    units = set()
    if chosen:
        carried = frames.consignments.filter(frames.consignments["line_id"].is_in(list(chosen)))
        identifiers = {
            (row["voyage_number"], identifier)
            for row in carried.select("voyage_number", "cargo_unit_ids").iter_rows(named=True)
            for identifier in row["cargo_unit_ids"] or []
        }
        for row in frames.cargo_units.select("unit_id", "voyage_number", "identifier").iter_rows():
            if (row[1], row[2]) in identifiers:
                units.add(row[0])
    done = TargetingTask.objects.filter(unit=unit, status=TaskStatus.COMPLETE).filter(
        consignment_id__in=chosen
    ) | TargetingTask.objects.filter(unit=unit, status=TaskStatus.COMPLETE, cargo_unit_id__in=units)
    results = list(done.values_list("result", flat=True))
    return DryRun(
        days=days,
        voyages=len(voyages),
        lines=frames.consignments.height,
        selected_lines=count,
        selected_cargo_units=len(units),
        inspected=len(results),
        positive=sum(result == TaskResult.POSITIVE for result in results),
        examples=sorted(chosen)[:20],
    )
