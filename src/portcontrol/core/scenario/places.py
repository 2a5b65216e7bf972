"""Ports, routes and the (invented) ferry fleet of the Caspian scenario.

The vessel names and operators below are made up for the demo; they are not real ships or
companies. Their IMO numbers carry a correct check digit so that they validate.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portcontrol.core.scenario.checkdigits import make_imo_number

# Ports with a Port Control Unit: a unit ingests every voyage arriving at or leaving its port.
PCU_PORTS = ("KZKUR", "KZAAU", "AZALA", "AZBAK")
PORT_NAMES = {
    "KZKUR": "Kuryk",
    "KZAAU": "Aktau",
    "AZALA": "Alyat",
    "AZBAK": "Baku",
    "TMKRW": "Turkmenbashi",
}
PORT_COUNTRY = {code: code[:2] for code in PORT_NAMES}


class VesselKind(StrEnum):
    RAIL_FERRY = "rail_ferry"  # rail wagons below, trucks and containers on the upper deck
    RO_RO = "ro_ro"  # trucks, trailers and containers on trailers or roll trailers
    RO_PAX = "ro_pax"  # trucks and a passenger deck


@dataclass(frozen=True, slots=True)
class Vessel:
    """A ferry, the route it shuttles on and what it carries."""

    code: str  # prefix of its voyage numbers
    name: str
    imo: str
    kind: VesselKind
    flag: str
    carrier: str
    route: tuple[str, str]  # the two ports it shuttles between, home port first
    wagons: tuple[int, int] = (0, 0)
    trucks: tuple[int, int] = (0, 0)
    containers: tuple[int, int] = (0, 0)
    passengers: tuple[int, int] = (0, 12)
    crew: tuple[int, int] = (18, 26)

    @property
    def carries_containers(self) -> bool:
        """Whether a bay plan (BAPLIE) is sent for its voyages."""
        return self.containers[1] > 0


FLEET: tuple[Vessel, ...] = (
    Vessel(
        "UBR",
        "Ustyurt Bridge",
        make_imo_number(963415),
        VesselKind.RAIL_FERRY,
        "KZ",
        "Mangystau Ferry Lines",
        ("KZKUR", "AZALA"),
        wagons=(26, 46),
        trucks=(6, 16),
        containers=(4, 14),
    ),
    Vessel(
        "TUP",
        "Tupkaragan",
        make_imo_number(963427),
        VesselKind.RAIL_FERRY,
        "KZ",
        "Mangystau Ferry Lines",
        ("KZKUR", "AZALA"),
        wagons=(24, 44),
        trucks=(6, 14),
    ),
    Vessel(
        "MST",
        "Mangystau Star",
        make_imo_number(958871),
        VesselKind.RO_RO,
        "KZ",
        "Mangystau Ferry Lines",
        ("KZKUR", "AZALA"),
        trucks=(28, 48),
        containers=(8, 24),
    ),
    Vessel(
        "SHL",
        "Shirvan Link",
        make_imo_number(971204),
        VesselKind.RAIL_FERRY,
        "AZ",
        "Khazar Sea Lines",
        ("AZALA", "KZKUR"),
        wagons=(28, 50),
        trucks=(8, 18),
        containers=(6, 16),
    ),
    Vessel(
        "GBW",
        "Gobustan Way",
        make_imo_number(949632),
        VesselKind.RO_PAX,
        "AZ",
        "Khazar Sea Lines",
        ("AZALA", "KZAAU"),
        trucks=(20, 36),
        passengers=(40, 140),
    ),
    Vessel(
        "KPT",
        "Kapaz Trader",
        make_imo_number(936018),
        VesselKind.RO_RO,
        "AZ",
        "Khazar Sea Lines",
        ("AZALA", "KZAAU"),
        trucks=(26, 44),
        containers=(6, 20),
    ),
    Vessel(
        "ABC",
        "Absheron Carrier",
        make_imo_number(928147),
        VesselKind.RO_RO,
        "AZ",
        "Khazar Sea Lines",
        ("AZBAK", "KZAAU"),
        trucks=(24, 40),
        containers=(10, 28),
    ),
    Vessel(
        "KEX",
        "Kendirli Express",
        make_imo_number(955306),
        VesselKind.RO_PAX,
        "KZ",
        "Aktau Caspian Shipping",
        ("KZAAU", "AZBAK"),
        trucks=(18, 34),
        passengers=(30, 110),
    ),
    Vessel(
        "KKG",
        "Karakum Gate",
        make_imo_number(966752),
        VesselKind.RAIL_FERRY,
        "TM",
        "Garabogaz Ferry Service",
        ("TMKRW", "AZALA"),
        wagons=(20, 38),
        trucks=(8, 18),
    ),
    Vessel(
        "BLW",
        "Balkan Wind",
        make_imo_number(944280),
        VesselKind.RO_PAX,
        "TM",
        "Garabogaz Ferry Service",
        ("TMKRW", "AZALA"),
        trucks=(16, 30),
        passengers=(30, 90),
    ),
)
