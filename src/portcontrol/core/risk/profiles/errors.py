"""The one error of the profile language: what is wrong, and where, with the place marked."""

from __future__ import annotations

from dataclasses import dataclass

from portcontrol.core.errors import PortControlError


@dataclass
class ProfileError(PortControlError):
    """Criteria that cannot be parsed or do not fit the fields: says where, marks it with ^.

    >>> error = ProfileError('unknown field "hs_cod"', 1, 1, 'hs_cod = "2915"', 6)
    >>> print(error)
    line 1, column 1: unknown field "hs_cod"
      hs_cod = "2915"
      ^^^^^^
    """

    message: str
    line: int
    column: int
    source_line: str = ""
    length: int = 1

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @property
    def headline(self) -> str:
        """The message with its position, without the marked source line."""
        return f"line {self.line}, column {self.column}: {self.message}"

    def __str__(self) -> str:
        if not self.source_line:
            return self.headline
        caret = " " * (self.column - 1) + "^" * max(1, self.length)
        return f"{self.headline}\n  {self.source_line}\n  {caret}"
