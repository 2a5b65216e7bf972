"""Hit statistics: of what was selected, how much was inspected and how much was positive."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from portcontrol.targeting.choices import ReasonKind, TaskResult, TaskStatus
from portcontrol.targeting.models import TargetingTask


@dataclass(slots=True)
class HitRow:
    """One line of the statistics: a profile, an indicator, a watch list or the random share."""

    kind: str
    key: str
    label: str
    selected: int = 0
    inspected: int = 0
    positive: int = 0

    @property
    def hit_rate(self) -> float | None:
        """Positive inspections per inspection, None before the first inspection."""
        return self.positive / self.inspected if self.inspected else None

    @property
    def hit_rate_percent(self) -> str:
        """The hit rate as people read it."""
        rate = self.hit_rate
        return "—" if rate is None else f"{100 * rate:.1f} %"


def hit_statistics(tasks: QuerySet[TargetingTask]) -> list[HitRow]:
    """Rows per reason of the tasks' assessments, and one for the random share.

    A task counts once for each profile, indicator or watch list among its reasons: a task
    selected by two profiles is a selection of each.
    """
    rows: dict[tuple[str, str], HitRow] = {}
    random_row = HitRow(ReasonKind.RANDOM, "random", str(ReasonKind.RANDOM.label))
    every = HitRow("all", "all", "")
    for status, result, is_random, reasons in tasks.values_list(
        "status", "result", "is_random", "assessment__reasons"
    ).iterator():
        rows_of_task = [every]
        if is_random:
            rows_of_task.append(random_row)
        else:
            for reason in reasons or []:
                key = (reason.get("kind", ""), reason.get("key", ""))
                if key not in rows:
                    rows[key] = HitRow(key[0], key[1], reason.get("label", ""))
                if rows[key] not in rows_of_task:
                    rows_of_task.append(rows[key])
        for row in rows_of_task:
            row.selected += 1
            if status == TaskStatus.COMPLETE:
                row.inspected += 1
                row.positive += result == TaskResult.POSITIVE
    order = defaultdict(
        int,
        {
            ReasonKind.PROFILE: 0,
            ReasonKind.INDICATOR: 1,
            ReasonKind.WATCH_LIST: 2,
            ReasonKind.MODEL: 3,
        },
    )
    table = sorted(rows.values(), key=lambda row: (order[row.kind], -row.selected, row.key))
    return [*table, random_row, every]
