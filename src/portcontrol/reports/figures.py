"""The figures of the dashboards, each counted by the database and linked to its records.

Every function runs a fixed number of aggregate queries whatever the number of inspections,
seizures or tasks: the rows that come back are groups (kinds, months, units), never records.

Which date puts a record in a period: an inspection its order (``ordered_at``), a seizure the
time of seizure, a targeting task its selection.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    Min,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Least, NullIf, TruncMonth
from django.utils.translation import gettext as _

from portcontrol.inspections.choices import (
    Commodity,
    Concealment,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
)
from portcontrol.inspections.models import Inspection, Seizure
from portcontrol.reports import links
from portcontrol.reports.access import Scope
from portcontrol.targeting.choices import TaskResult, TaskStatus
from portcontrol.targeting.models import TargetingTask
from portcontrol.web.periods import Period, month_period

# Task events that mean someone decided what to do with the selection.
DECISION_EVENTS = ("issued", "completed")
# Workload lists this many officers at most, the busiest first.
WORKLOAD_ROWS = 30
# Routes of seizures shown, the most frequent first.
ROUTE_ROWS = 15


@dataclass(slots=True)
class Figure:
    """One number with what it counts and the list of records behind it."""

    label: str
    value: float
    url: str | None = None
    key: str = ""
    # How the value reads when it is not a plain count (a rate, a duration).
    shown: str = ""

    @property
    def text(self) -> str:
        return self.shown or str(self.value)


@dataclass(slots=True)
class HitRate:
    """Of the tasks selected one way (by targeting or at random): inspected and positive."""

    label: str
    selected: int = 0
    inspected: int = 0
    positive: int = 0
    selected_url: str | None = None
    inspected_url: str | None = None

    @property
    def rate(self) -> float | None:
        """Positive inspections per inspection, None before the first inspection."""
        return self.positive / self.inspected if self.inspected else None

    @property
    def percent(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{100 * rate:.1f} %"


@dataclass(slots=True)
class Durations:
    """How long something took over a number of cases: median and 90th percentile."""

    count: int = 0
    median: timedelta | None = None
    p90: timedelta | None = None

    @property
    def median_text(self) -> str:
        return duration_text(self.median)

    @property
    def p90_text(self) -> str:
        return duration_text(self.p90)


def duration_text(value: timedelta | None) -> str:
    """A wait as people read it: days and hours, hours and minutes, or minutes.

    >>> duration_text(timedelta(days=2, hours=5, minutes=7)), duration_text(timedelta(minutes=95))
    ('2 d 5 h', '1 h 35 min')
    """
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(abs(minutes), 24 * 60)
    hours, minutes_left = divmod(rest, 60)
    sign = "-" if minutes < 0 else ""
    if days:
        text = _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    elif hours:
        text = _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes_left}
    else:
        text = _("%(minutes)d min") % {"minutes": minutes_left}
    return sign + text


@dataclass(slots=True)
class UnitRow:
    """The headline figures of one unit on the national dashboard."""

    unit_id: int
    code: str
    name: str
    inspections: int = 0
    seizures: int = 0
    targeted: HitRate = field(default_factory=lambda: HitRate(""))
    random: HitRate = field(default_factory=lambda: HitRate(""))
    url: str = ""


@dataclass(slots=True)
class Dashboard:
    """Every figure of one dashboard page."""

    scope: Scope
    period: Period
    inspections: Figure
    inspections_by_status: list[Figure]
    inspections_by_kind: list[Figure]
    inspections_by_result: list[Figure]
    inspections_by_month: list[Figure]
    hit_rates: list[HitRate]
    seizures: Figure
    seizures_by_category: list[Figure]
    seizures_by_concealment: list[Figure]
    seizures_by_route: list[Figure]
    seizures_by_month: list[Figure]
    decision_time: Durations
    workload: list[Figure]
    units: list[UnitRow]


def inspections_in(scope: Scope, period: Period) -> QuerySet[Inspection]:
    return Inspection.objects.filter(
        unit_id__in=scope.unit_ids, ordered_at__gte=period.start, ordered_at__lt=period.end
    )


def seizures_in(scope: Scope, period: Period) -> QuerySet[Seizure]:
    return Seizure.objects.filter(
        unit_id__in=scope.unit_ids, seized_at__gte=period.start, seized_at__lt=period.end
    )


def tasks_in(scope: Scope, period: Period) -> QuerySet[TargetingTask]:
    return TargetingTask.objects.filter(
        unit_id__in=scope.unit_ids, selected_at__gte=period.start, selected_at__lt=period.end
    )


def _query(scope: Scope, period: Period, **more: object) -> dict[str, object]:
    return {**period.query(), **scope.query(), **more}


# --- inspections ---------------------------------------------------------------------------


@dataclass(slots=True)
class InspectionCounts:
    """Inspections counted by unit, kind, status and result, from one grouped query."""

    total: int = 0
    by_unit: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_result: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # (kind, status, result) to count: the table of the monthly report.
    cells: dict[tuple[str, str, str], int] = field(default_factory=lambda: defaultdict(int))


def inspection_counts(inspections: QuerySet[Inspection]) -> InspectionCounts:
    counts = InspectionCounts()
    grouped = (
        inspections.order_by()
        .values_list("unit_id", "kind", "status", "result")
        .annotate(n=Count("id"))
    )
    for unit_id, kind, status, result, n in grouped:
        counts.total += n
        counts.by_unit[unit_id] += n
        counts.by_kind[kind] += n
        counts.by_status[status] += n
        counts.cells[(kind, status, result)] += n
        if status == InspectionStatus.DONE and result:
            counts.by_result[result] += n
    return counts


def _inspection_figures(
    counts: InspectionCounts, scope: Scope, period: Period
) -> tuple[Figure, list[Figure], list[Figure], list[Figure]]:
    link = links.INSPECTION_LIST
    total = Figure(_("Inspections"), counts.total, links.list_link(link, **_query(scope, period)))
    by_status = [
        Figure(
            str(label),
            counts.by_status[value],
            links.list_link(link, **_query(scope, period, status=value)),
            value,
        )
        for value, label in InspectionStatus.choices
    ]
    by_kind = [
        Figure(
            str(label),
            counts.by_kind[value],
            links.list_link(link, **_query(scope, period, kind=value)),
            value,
        )
        for value, label in InspectionKind.choices
    ]
    by_result = [
        Figure(
            str(label),
            counts.by_result[value],
            links.list_link(
                link, **_query(scope, period, status=InspectionStatus.DONE, result=value)
            ),
            value,
        )
        for value, label in InspectionResult.choices
    ]
    return total, by_status, by_kind, by_result


def _months(first: date, last: date) -> list[tuple[int, int]]:
    """Every (year, month) from the month of ``first`` to the month of ``last``."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_series(
    counted: Iterable[tuple[object, int]], period: Period, list_name: str, scope: Scope
) -> list[Figure]:
    """One figure per month of the period, zero where nothing happened.

    A period reaching back before the first record starts at the first month with a record,
    so "since the beginning" does not draw decades of empty months.
    """
    values: dict[tuple[int, int], int] = {}
    for month, n in counted:
        if month is not None:
            key = (month.year, month.month)  # type: ignore[attr-defined]
            values[key] = values.get(key, 0) + n
    if not values:
        return []
    first = min(min(values), (period.last.year, period.last.month))
    start = max(date(*first, 1), date(period.first.year, period.first.month, 1))
    series = []
    for year, month in _months(start, period.last):
        whole = month_period(year, month)
        # The bar links to the days of the month inside the period, not the whole month.
        shown = Period(max(whole.first, period.first), min(whole.last, period.last))
        series.append(
            Figure(
                f"{year}-{month:02d}",
                values.get((year, month), 0),
                links.list_link(list_name, **shown.query(), **scope.query()),
                f"{year}-{month:02d}",
            )
        )
    return series


def inspections_by_month(scope: Scope, period: Period) -> list[Figure]:
    counted = (
        inspections_in(scope, period)
        .order_by()
        .annotate(month=TruncMonth("ordered_at"))
        .values_list("month")
        .annotate(n=Count("id"))
    )
    return month_series(counted, period, links.INSPECTION_LIST, scope)


# --- hit rates ----------------------------------------------------------------------------


def hit_rates_by_unit(tasks: QuerySet[TargetingTask]) -> dict[tuple[int, bool], HitRate]:
    """Selected, inspected and positive tasks per unit and way of selection (random or not)."""
    done = Q(status=TaskStatus.COMPLETE)
    grouped = (
        tasks.order_by()
        .values_list("unit_id", "is_random")
        .annotate(
            selected=Count("id"),
            inspected=Count("id", filter=done),
            positive=Count("id", filter=done & Q(result=TaskResult.POSITIVE)),
        )
    )
    return {
        (unit_id, is_random): HitRate("", selected, inspected, positive)
        for unit_id, is_random, selected, inspected, positive in grouped
    }


def _hit_rates(
    by_unit: dict[tuple[int, bool], HitRate], scope: Scope, period: Period
) -> list[HitRate]:
    targeted = HitRate(_("Targeted (risk profiles, lists, model)"))
    random = HitRate(_("Random selection"))
    for (_unit_id, is_random), counts in by_unit.items():
        row = random if is_random else targeted
        row.selected += counts.selected
        row.inspected += counts.inspected
        row.positive += counts.positive
    for row, flag in ((targeted, "0"), (random, "1")):
        row.selected_url = links.list_link(
            links.TASK_QUEUE, **_query(scope, period, status="all", random=flag)
        )
        row.inspected_url = links.list_link(
            links.TASK_QUEUE,
            **_query(scope, period, status=TaskStatus.COMPLETE, random=flag),
        )
    return [targeted, random]


def hit_rates(tasks: QuerySet[TargetingTask], scope: Scope, period: Period) -> list[HitRate]:
    """Targeted and random hit rates of the tasks (one query)."""
    return _hit_rates(hit_rates_by_unit(tasks), scope, period)


# --- seizures -----------------------------------------------------------------------------


def _seizure_figures(
    seizures: QuerySet[Seizure], scope: Scope, period: Period
) -> tuple[Figure, dict[int, int], list[Figure], list[Figure]]:
    """Total, per unit, by category and by concealment, from two grouped queries."""
    link = links.SEIZURE_LIST
    per_unit: dict[int, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    for unit_id, category, n in (
        seizures.order_by().values_list("unit_id", "category").annotate(n=Count("id"))
    ):
        per_unit[unit_id] += n
        by_category[category] += n
    by_concealment = dict(
        seizures.order_by()
        .values_list("concealment")
        .annotate(n=Count("id"))
        .values_list("concealment", "n")
    )
    total = sum(per_unit.values())
    categories = [
        Figure(
            str(label),
            by_category.get(value, 0),
            links.list_link(link, **_query(scope, period, category=value)),
            value,
        )
        for value, label in Commodity.choices
    ]
    concealments = [
        Figure(
            str(label),
            by_concealment.get(value, 0),
            links.list_link(link, **_query(scope, period, concealment=value)),
            value,
        )
        for value, label in Concealment.choices
    ]
    figure = Figure(_("Seizures"), total, links.list_link(link, **_query(scope, period)))
    return figure, per_unit, categories, concealments


def seizures_by_route(seizures: QuerySet[Seizure], scope: Scope, period: Period) -> list[Figure]:
    """Seizures per route, departure to destination; the voyage's ports fill in missing ends."""
    grouped = (
        seizures.order_by()
        .annotate(
            route_from=Coalesce(NullIf("departure", Value("")), "voyage__departure_port"),
            route_to=Coalesce(NullIf("destination", Value("")), "voyage__arrival_port"),
        )
        .values_list("route_from", "route_to")
        .annotate(n=Count("id"))
        .order_by("-n", "route_from", "route_to")[:ROUTE_ROWS]
    )
    unknown = "?"
    return [
        Figure(
            f"{start or unknown} → {end or unknown}",
            n,
            links.list_link(
                links.SEIZURE_LIST,
                **_query(scope, period, departure=start or "", destination=end or ""),
            ),
            f"{start or ''}-{end or ''}",
        )
        for start, end, n in grouped
    ]


def seizures_by_month(scope: Scope, period: Period) -> list[Figure]:
    counted = (
        seizures_in(scope, period)
        .order_by()
        .annotate(month=TruncMonth("seized_at"))
        .values_list("month")
        .annotate(n=Count("id"))
    )
    return month_series(counted, period, links.SEIZURE_LIST, scope)


# --- time from manifest to decision -------------------------------------------------------


def decision_waits(tasks: QuerySet[TargetingTask]) -> QuerySet[TargetingTask]:
    """The tasks with ``wait``: from the voyage's first manifest to the decision, else NULL.

    The decision is the first time the inspection was ordered: an "issued" or "completed" step
    of the task, or the order of an inspection linked to it, whichever came first. Grouping
    the joined steps and orders lets the database hash-join them in one pass, which stays fast
    over a national year where a subquery per task does not.
    """
    first_step = Min("events__at", filter=Q(events__action__in=DECISION_EVENTS))
    first_order = Min("inspections__ordered_at")
    # LEAST is NULL on SQLite when either side is NULL: each side falls back to the other.
    decided = Least(Coalesce(first_step, first_order), Coalesce(first_order, first_step))
    manifest = Min("voyage__first_import__created_at")
    return tasks.order_by().annotate(
        wait=ExpressionWrapper(decided - manifest, output_field=DurationField())
    )


class PercentileDisc(Aggregate):
    """PostgreSQL's percentile of a sorted column: the first value at or past the share."""

    function = "percentile_disc"
    template = "%(function)s(%(share)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: str, share: float) -> None:
        super().__init__(expression, share=float(share), output_field=DurationField())


def nearest_rank(count: int, share: float) -> int:
    """The 0-based position of a percentile in ``count`` sorted values (nearest rank).

    >>> nearest_rank(10, 0.5), nearest_rank(10, 0.9), nearest_rank(1, 0.9), nearest_rank(7, 0.5)
    (4, 8, 0, 3)
    """
    return max(0, math.ceil(share * count) - 1)


def decision_time(tasks: QuerySet[TargetingTask]) -> Durations:
    """Median and 90th percentile of the wait (nearest rank), picked by the database.

    PostgreSQL computes both in one aggregate query; other databases count the decided tasks
    and fetch the two values at their rank (three queries, two values sent).
    """
    waits = decision_waits(tasks)
    if connections[tasks.db].vendor == "postgresql":
        found = waits.aggregate(
            count=Count("wait"),
            median=PercentileDisc("wait", 0.5),
            p90=PercentileDisc("wait", 0.9),
        )
        return Durations(found["count"], found["median"], found["p90"])
    decided = waits.filter(wait__isnull=False)
    count = decided.count()
    if not count:
        return Durations()
    ordered = decided.order_by("wait", "pk").values_list("wait", flat=True)
    return Durations(
        count=count,
        median=ordered[nearest_rank(count, 0.5)],
        p90=ordered[nearest_rank(count, 0.9)],
    )


# --- workload -----------------------------------------------------------------------------


def workload(inspections: QuerySet[Inspection], scope: Scope, period: Period) -> list[Figure]:
    """Inspections per officer of the teams, the busiest first."""
    team = Inspection.team.through.objects.filter(inspection__in=inspections)
    grouped = (
        team.order_by()
        .values_list("user_id", "user__username", "user__first_name", "user__last_name")
        .annotate(n=Count("id"))
        .order_by("-n", "user__username")[:WORKLOAD_ROWS]
    )
    return [
        Figure(
            f"{first} {last}".strip() or username,
            n,
            links.list_link(links.INSPECTION_LIST, **_query(scope, period, officer=user_id)),
            username,
        )
        for user_id, username, first, last, n in grouped
    ]


# --- the whole page -----------------------------------------------------------------------


def _unit_rows(
    scope: Scope,
    period: Period,
    inspections: InspectionCounts,
    seizures: dict[int, int],
    hits: dict[tuple[int, bool], HitRate],
    page_url: str,
) -> list[UnitRow]:
    rows = []
    for unit in scope.units:
        row = UnitRow(unit.pk, unit.code, unit.name)
        row.inspections = inspections.by_unit.get(unit.pk, 0)
        row.seizures = seizures.get(unit.pk, 0)
        row.targeted = hits.get((unit.pk, False), HitRate(""))
        row.random = hits.get((unit.pk, True), HitRate(""))
        row.url = f"{page_url}?{_encode({**period.query(), 'unit': unit.pk})}"
        rows.append(row)
    return rows


def _encode(params: dict[str, object]) -> str:
    return urlencode({key: str(value) for key, value in params.items()})


def dashboard(scope: Scope, period: Period, *, national_url: str = "") -> Dashboard:
    """Every figure of the dashboard of ``scope`` over ``period`` (about a dozen queries)."""
    inspections = inspections_in(scope, period)
    seizures = seizures_in(scope, period)
    tasks = tasks_in(scope, period)
    counts = inspection_counts(inspections)
    total, by_status, by_kind, by_result = _inspection_figures(counts, scope, period)
    hits = hit_rates_by_unit(tasks)
    seizure_total, seizures_per_unit, categories, concealments = _seizure_figures(
        seizures, scope, period
    )
    units = (
        _unit_rows(scope, period, counts, seizures_per_unit, hits, national_url)
        if scope.is_national
        else []
    )
    return Dashboard(
        scope=scope,
        period=period,
        inspections=total,
        inspections_by_status=by_status,
        inspections_by_kind=by_kind,
        inspections_by_result=by_result,
        inspections_by_month=inspections_by_month(scope, period),
        hit_rates=_hit_rates(hits, scope, period),
        seizures=seizure_total,
        seizures_by_category=categories,
        seizures_by_concealment=concealments,
        seizures_by_route=seizures_by_route(seizures, scope, period),
        seizures_by_month=seizures_by_month(scope, period),
        decision_time=decision_time(tasks),
        workload=workload(inspections, scope, period),
        units=units,
    )


def nonzero(figures: Sequence[Figure]) -> list[Figure]:
    """The figures that count something: charts leave out empty categories."""
    return [figure for figure in figures if figure.value]
