"""A risk profile: criteria written by an analyst, with what a hit means and proposes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portcontrol.core.risk.profiles.language import Node, parse
from portcontrol.core.risk.reasons import Lane, Threat

NATIONAL = "national"


@dataclass(frozen=True, slots=True)
class Profile:
    """One version of a risk profile, as the engine applies it.

    Authoring, approval (four eyes) and versioning live in the web app; the engine carries the
    version and priority into every hit so that a hit names the exact rule that made it.

    >>> profile = Profile("PRE-01", "Acetic anhydride", Threat.PRECURSORS,
    ...                   'hs in ["291524"]', 60, Lane.RED, valid_from=date(2025, 3, 1))
    >>> profile.is_valid_on(date(2025, 2, 28)), profile.is_valid_on(date(2025, 3, 1))
    (False, True)
    """

    code: str
    name: str
    threat: Threat
    criteria: str
    score: float  # contribution of a hit to the 0-100 score
    lane: Lane  # lane a hit proposes
    reason: str = ""  # plain-language reason shown to analysts and officers
    instructions: str = ""  # what the inspecting officer should do and look for
    valid_from: date | None = None  # first day the profile applies; None: since ever
    valid_to: date | None = None  # last day it applies; None: until withdrawn
    unit: str | None = None  # code of the Port Control Unit; None: national
    version: int = 1
    priority: int = 0  # higher first when the queue orders reasons
    author: str = ""
    approver: str = ""

    @property
    def scope(self) -> str:
        """``national`` or the code of the one unit the profile applies to."""
        return self.unit or NATIONAL

    def is_valid_on(self, day: date) -> bool:
        """Whether ``day`` falls inside the validity window (both ends included)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to

    def applies_to(self, unit: str | None) -> bool:
        """Whether the profile covers the data of ``unit`` (national ones cover every unit)."""
        return self.unit is None or unit is None or self.unit == unit

    def tree(self) -> Node:
        """The parsed criteria; raises ProfileError if they are wrong."""
        return parse(self.criteria)
