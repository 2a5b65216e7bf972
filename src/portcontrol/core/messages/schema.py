"""Strict checking of JSON against the TypedDicts of :mod:`portcontrol.core.messages.model`.

The TypedDicts are the one description of a message: mypy checks the code that builds them, and
:func:`check` walks the same annotations at run time to check what a partner sent. Supported:
``str``, ``bool``, ``int``, ``float``, ``Literal`` of texts, ``list[...]``, nested TypedDicts,
``NotRequired[...]`` and ``Annotated[str, Format]`` for texts with a shape (dates, codes).

Rules, the same everywhere: members not described are refused (a partner on another version
says so rather than being half understood); texts are never empty and at most
:data:`MAX_TEXT` (or :data:`MAX_LONG_TEXT` for free text) characters; lists are never empty and
at most :data:`MAX_ITEMS` long; numbers are finite and never booleans.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, Literal, NotRequired, get_args, get_origin, is_typeddict

MAX_TEXT = 512
MAX_LONG_TEXT = 8000
MAX_ITEMS = 1000
MAX_PROBLEMS = 10


@dataclass(frozen=True, slots=True)
class Format:
    """A shape a text must have: ``check`` returns None when the text fits, else why not."""

    name: str
    check: Callable[[str], str | None]
    max_length: int = MAX_TEXT


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a payload, at a JSON pointer (``/body/Person/0/BirthDate``)."""

    pointer: str
    text: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.text}"


def _matches(pattern: str, meaning: str) -> Callable[[str], str | None]:
    compiled = re.compile(pattern)

    def check(text: str) -> str | None:
        return None if compiled.fullmatch(text) else f"must be {meaning}"

    return check


def _iso_date(text: str) -> str | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "must be a date YYYY-MM-DD"
    try:
        date.fromisoformat(text)
    except ValueError:
        return f"{text} is not a calendar date"
    return None


_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")


def _iso_datetime(text: str) -> str | None:
    if not _DATE_TIME.fullmatch(text):
        return "must be an ISO 8601 date and time with a time zone, e.g. 2026-03-04T08:15:00Z"
    try:
        datetime.fromisoformat(text).astimezone(UTC)
    except (ValueError, OverflowError):  # month 13, or year 1 with a zone east of UTC
        return f"{text} is not a valid date and time"
    return None


def _decimal(text: str) -> str | None:
    if not re.fullmatch(r"\d{1,15}(\.\d{1,6})?", text):
        return "must be a decimal number written as text, e.g. 1250.5"
    return None


TEXT = Format("text", lambda text: None, MAX_LONG_TEXT)
DATE = Format("date", _iso_date)
DATE_TIME = Format("date_time", _iso_datetime)
DECIMAL = Format("decimal", _decimal)
COUNTRY = Format("country", _matches(r"[A-Z]{2}", "an ISO 3166 country code of two capitals"))
LOCATION = Format(
    "location",
    _matches(r"[A-Z]{2}([A-Z2-9]{3})?", "a UN/LOCODE (AZBAK) or an ISO 3166 country code (AZ)"),
)
HS_CODE = Format("hs_code", _matches(r"\d{4}(\d{2}){0,3}", "an HS code of 4, 6, 8 or 10 digits"))
CURRENCY = Format("currency", _matches(r"[A-Z]{3}", "an ISO 4217 currency code, e.g. USD"))
UUID_TEXT = Format(
    "uuid",
    _matches(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "a lower-case UUID"),
)


@dataclass(frozen=True, slots=True)
class _Member:
    name: str
    hint: Any
    required: bool


@cache
def _members(spec: type) -> tuple[_Member, ...]:
    """The members of a TypedDict with their annotations, required or not.

    ``__required_keys__`` cannot be trusted on Python 3.11 when annotations are postponed
    (``from __future__ import annotations``), so the ``NotRequired`` wrapper is read here.
    """
    hints = typing.get_type_hints(spec, include_extras=True)
    members = []
    for name, hint in hints.items():
        required = get_origin(hint) is not NotRequired
        members.append(_Member(name, get_args(hint)[0] if not required else hint, required))
    return tuple(members)


def check(value: Any, spec: Any, pointer: str = "") -> list[Problem]:
    """Everything wrong with ``value`` as an instance of ``spec`` (at most MAX_PROBLEMS)."""
    problems: list[Problem] = []
    _checker(spec)(value, pointer, problems)
    return problems[:MAX_PROBLEMS]


# A checker appends the problems of one value at one pointer to the list it is given.
Checker = Callable[[Any, str, list[Problem]], None]


@cache
def _checker(spec: Any) -> Checker:
    """The checker of an annotation, built once: walking annotations for every message
    costs more than the signature and the encryption together."""
    origin = get_origin(spec)
    if is_typeddict(spec):
        return _object_checker(spec)
    if origin is typing.Annotated:
        shape = next(extra for extra in get_args(spec)[1:] if isinstance(extra, Format))
        return _text_checker(shape.max_length, shape.check)
    if origin is Literal:
        return _choice_checker(get_args(spec))
    if origin is list:
        return _list_checker(_checker(get_args(spec)[0]))
    if spec is str:
        return _text_checker(MAX_TEXT, None)
    if spec in _SCALARS:
        return _SCALARS[spec]
    raise TypeError(f"unsupported annotation in a message spec: {spec!r}")


def _text_checker(limit: int, shape: Callable[[str], str | None] | None) -> Checker:
    def check_text(value: Any, pointer: str, problems: list[Problem]) -> None:
        if not isinstance(value, str):
            problems.append(Problem(pointer, "must be a text"))
        elif not _is_unicode(value):
            problems.append(Problem(pointer, "holds an unpaired surrogate (\\ud800-\\udfff)"))
        elif not value.strip():
            problems.append(Problem(pointer, "must not be empty (leave the member out instead)"))
        elif len(value) > limit:
            problems.append(
                Problem(pointer, f"has {len(value)} characters, over the limit of {limit}")
            )
        elif shape is not None:
            reason = shape(value)
            if reason:
                problems.append(Problem(pointer, reason))

    return check_text


def _is_unicode(text: str) -> bool:
    """False for text with lone surrogates: JSON escapes allow them, UTF-8 cannot store them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _choice_checker(allowed: tuple[str, ...]) -> Checker:
    choices = frozenset(allowed)

    def check_choice(value: Any, pointer: str, problems: list[Problem]) -> None:
        if not isinstance(value, str) or value not in choices:
            problems.append(Problem(pointer, f"must be one of {', '.join(allowed)}"))

    return check_choice


def _list_checker(item: Checker) -> Checker:
    def check_list(value: Any, pointer: str, problems: list[Problem]) -> None:
        if not isinstance(value, list):
            problems.append(Problem(pointer, "must be a list"))
        elif not value:
            problems.append(Problem(pointer, "must not be empty (leave the member out instead)"))
        elif len(value) > MAX_ITEMS:
            problems.append(
                Problem(pointer, f"has {len(value)} items, over the limit of {MAX_ITEMS}")
            )
        else:
            for position, element in enumerate(value):
                if len(problems) >= MAX_PROBLEMS:
                    return
                item(element, f"{pointer}/{position}", problems)

    return check_list


def _object_checker(spec: type) -> Checker:
    members = [(member.name, _checker(member.hint), member.required) for member in _members(spec)]
    known = frozenset(name for name, _, _ in members)

    def check_object(value: Any, pointer: str, problems: list[Problem]) -> None:
        if not isinstance(value, dict):
            problems.append(Problem(pointer, "must be an object"))
            return
        if not known.issuperset(value):
            unknown = sorted(str(name) for name in value if name not in known)
            problems.append(Problem(pointer, f"unknown member(s): {', '.join(unknown)}"))
        for name, check_member, required in members:
            if len(problems) >= MAX_PROBLEMS:
                return
            if name in value:
                check_member(value[name], f"{pointer}/{name}", problems)
            elif required:
                problems.append(Problem(f"{pointer}/{name}", "is required"))

    return check_object


def _check_bool(value: Any, pointer: str, problems: list[Problem]) -> None:
    if not isinstance(value, bool):
        problems.append(Problem(pointer, "must be true or false"))


def _check_int(value: Any, pointer: str, problems: list[Problem]) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem(pointer, "must be a whole number"))


def _check_float(value: Any, pointer: str, problems: list[Problem]) -> None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not math.isfinite(value):
        problems.append(Problem(pointer, "must be a number"))


_SCALARS: dict[Any, Checker] = {bool: _check_bool, int: _check_int, float: _check_float}
