"""Why an identifier or a value was refused: one small hierarchy, python-stdnum style.

Every validator in :mod:`portcontrol.core.identifiers` raises only these. The caller decides
what each means for a record: a wrong check digit is usually kept with a warning (real container
numbers with wrong check digits exist), an unknown code may be a warning or a reason to reject.
"""

from __future__ import annotations

from dataclasses import dataclass

from portcontrol.core.errors import PortControlError


@dataclass(frozen=True, slots=True)
class Notice:
    """Something repaired or worth saying about a value that was accepted."""

    code: str
    message: str


class InvalidIdentifier(PortControlError, ValueError):
    """The value is not a valid identifier of its kind.

    ``number`` is the value as far as it could be normalised (``None`` when it could not),
    ``notices`` what was repaired on the way (Cyrillic letters mapped, leading zero restored).
    """

    message = "the value is not valid"

    def __init__(
        self,
        message: str | None = None,
        *,
        number: str | None = None,
        notices: tuple[Notice, ...] = (),
    ) -> None:
        super().__init__(message or self.message)
        self.number = number
        self.notices = notices

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.message


class InvalidFormat(InvalidIdentifier):
    """Characters or structure that the identifier cannot have."""

    message = "the value has an invalid format"


class InvalidLength(InvalidFormat):
    """The value is too short or too long."""

    message = "the value has an invalid length"


class InvalidChecksum(InvalidIdentifier):
    """The check digit does not match: often a typing error, sometimes a real number."""

    message = "the check digit does not match"

    def __init__(
        self,
        message: str | None = None,
        *,
        number: str | None = None,
        expected: str | None = None,
        notices: tuple[Notice, ...] = (),
    ) -> None:
        super().__init__(message, number=number, notices=notices)
        self.expected = expected


class InvalidComponent(InvalidIdentifier):
    """A part of the value refers to something that cannot be (month 13, negative weight)."""

    message = "a part of the value is invalid"


class UnknownCode(InvalidIdentifier):
    """Well formed, but not in the reference list (HS 2022, UN/LOCODE, ISO 3166)."""

    message = "the code is not in the reference list"


class PreviousEditionCode(UnknownCode):
    """An HS code of the previous edition (HS 2017) that HS 2022 deleted.

    ``replacements`` names the HS 2022 subheadings that took its place, where known.
    """

    message = "the code belongs to the previous edition of the nomenclature"

    def __init__(
        self,
        message: str | None = None,
        *,
        number: str | None = None,
        replacements: tuple[str, ...] = (),
        notices: tuple[Notice, ...] = (),
    ) -> None:
        super().__init__(message, number=number, notices=notices)
        self.replacements = replacements


__all__ = [
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidIdentifier",
    "InvalidLength",
    "Notice",
    "PreviousEditionCode",
    "UnknownCode",
]
