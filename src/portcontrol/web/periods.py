"""Periods of reports: a first and a last day, chosen as dates or by a preset, and months.

A period covers whole days in the server's time zone: from the start of its first day up to,
not including, the start of the day after its last day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PRESET_30_DAYS = "30d"
PRESET_QUARTER = "quarter"
PRESET_YEAR = "year"
PRESETS = (
    (PRESET_30_DAYS, _("Last 30 days")),
    (PRESET_QUARTER, _("This quarter")),
    (PRESET_YEAR, _("This year")),
)
# Far enough back to hold every record: "since the beginning" without a special case.
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class Period:
    """Whole days from ``first`` to ``last``, both included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        """The first instant of the period."""
        return _day_start(self.first)

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return _day_start(self.last + timedelta(days=1))

    def query(self) -> dict[str, str]:
        """The period as the ``from`` and ``to`` parameters of list pages."""
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}

    def __str__(self) -> str:
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def today() -> date:
    """Today in the server's time zone."""
    return timezone.localdate()


def preset_period(preset: str, on: date) -> Period:
    """The period a preset names, as seen on the day ``on``.

    >>> preset_period("quarter", date(2025, 5, 17))
    Period(first=datetime.date(2025, 4, 1), last=datetime.date(2025, 5, 17))
    >>> preset_period("30d", date(2025, 3, 1)).first
    datetime.date(2025, 1, 31)
    """
    if preset == PRESET_QUARTER:
        return Period(date(on.year, 3 * ((on.month - 1) // 3) + 1, 1), on)
    if preset == PRESET_YEAR:
        return Period(date(on.year, 1, 1), on)
    return Period(on - timedelta(days=29), on)


def last_30_days() -> Period:
    return preset_period(PRESET_30_DAYS, today())


def all_time() -> Period:
    return Period(EARLIEST, today())


def check_period_order(form: forms.Form, first: str = "from", last: str = "to") -> None:
    """Mark the end field of a list filter when the period it gives ends before it starts."""
    start, end = form.cleaned_data.get(first), form.cleaned_data.get(last)
    if start and end and end < start:
        form.add_error(last, _("The end of the period comes before its start."))


class PeriodForm(forms.Form):
    """``from`` and ``to`` dates, or a preset; both dates may be left empty.

    An empty ``from`` reaches back to the first record, an empty ``to`` up to today; a preset,
    when given, wins over the dates.
    """

    preset = forms.ChoiceField(
        label=_("Period"), choices=[("", _("Dates below")), *PRESETS], required=False
    )

    def __init__(self, *args: Any, default: Period | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two fields cannot be class attributes.
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=date_input)
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=date_input)
        self.default = default or last_30_days()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and first > today():
            self.add_error("from", _("The period starts in the future."))
        if first and last and last < first:
            self.add_error("to", _("The end of the period comes before its start."))
        return data

    def period(self) -> Period:
        """The period asked for; the default when the query names none."""
        if not self.is_bound or not self.is_valid():
            return self.default
        data = self.cleaned_data
        if data.get("preset"):
            return preset_period(data["preset"], today())
        first, last = data.get("from"), data.get("to")
        if first is None and last is None:
            return self.default
        return Period(first or EARLIEST, last or today())


def period_form(query: Any, *, default: Period | None = None) -> PeriodForm:
    """The period form bound to the query string when it names a period, else unbound."""
    named = any(query.get(name) for name in ("from", "to", "preset"))
    return PeriodForm(query if named else None, default=default)


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def month_period(year: int, month: int) -> Period:
    """Every day of one calendar month.

    >>> month_period(2024, 2)
    Period(first=datetime.date(2024, 2, 1), last=datetime.date(2024, 2, 29))
    """
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return Period(first, following - timedelta(days=1))


def previous_month(on: date) -> tuple[int, int]:
    """The last whole month before the day ``on``: the month a unit reports on."""
    return (on.year - 1, 12) if on.month == 1 else (on.year, on.month - 1)


class MonthField(forms.CharField):
    """A calendar month written ``YYYY-MM``, as ``<input type="month">`` sends it."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value: Any) -> Period | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        match = MONTH_PATTERN.match(text.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2025-03."))
        year, month = int(match[1]), int(match[2])
        if date(year, month, 1) > today():
            raise forms.ValidationError(_("The month has not begun yet."))
        if year < EARLIEST.year:
            raise forms.ValidationError(
                _("The month is before %(year)s.") % {"year": EARLIEST.year}
            )
        return month_period(year, month)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Period):
            return value.first.strftime("%Y-%m")
        return value


class MonthForm(forms.Form):
    """The month of a monthly report."""

    month = MonthField(label=_("Month"))
