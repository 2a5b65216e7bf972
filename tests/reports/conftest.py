"""A hand-built quarter at Kuryk (KZKUR), a little at Aktau (same agency) and at Alyat (another).

Kuryk, 1 January to 31 March 2026:

- tasks: targeted 3 selected, 2 inspected, 1 positive; random 2 selected, 2 inspected, none
  positive; decisions 2, 4, 6 and 8 hours after the voyage's first manifest;
- inspections: 5 ordered (physical 3, scanner 1, documentary 1), 4 done (seizure 1, discrepancy
  1, nothing found 2), by month 2, 2, 1; the officer in 3 teams, the analyst and supervisor in 1;
- seizures: 3 (drugs 2, tobacco 1), by month 1, 2, 0, each on its own route.

One more of each falls in December 2025, outside the quarter.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portcontrol.accounts.choices import Role

from . import factories as make
from .factories import at


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Personas get passwords; the real hasher's slowness only slows these tests down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def aktau_officer(make_user):
    return make_user("aktau", Role.OFFICER, unit="KZAAU")


@pytest.fixture
def world(officer, analyst, supervisor, outsider, aktau_officer):  # type: ignore[no-untyped-def]
    kuryk = officer.unit
    v1 = make.voyage(kuryk, manifest_at=at(2026, 1, 10, 8), arrives=at(2026, 1, 11))
    v2 = make.voyage(
        kuryk,
        departure="KZAAU",
        arrival="AZBAK",
        manifest_at=at(2026, 2, 5, 0),
        arrives=at(2026, 2, 6),
    )
    t1 = make.task(
        kuryk,
        v1,
        selected=at(2026, 1, 10, 9),
        result="positive",
        decided=at(2026, 1, 10, 10),
        by=officer,
    )
    make.task(
        kuryk,
        v1,
        selected=at(2026, 1, 15),
        result="negative",
        decided=at(2026, 1, 10, 12),
        by=officer,
        profiles=("PRE-AA", "CIG-1"),
    )
    make.task(kuryk, v1, selected=at(2026, 2, 5))
    make.task(
        kuryk,
        v2,
        selected=at(2026, 2, 5, 1),
        random=True,
        result="negative",
        decided=at(2026, 2, 5, 6),
        by=officer,
    )
    t5 = make.task(kuryk, v2, selected=at(2026, 2, 5, 2), random=True, result="negative")
    make.task(kuryk, v1, selected=at(2025, 12, 20), result="positive", decided=at(2025, 12, 20))

    make.inspection(
        kuryk,
        v1,
        by=officer,
        ordered=at(2026, 1, 10, 10),
        result="seizure",
        task=t1,
        team=(officer, analyst),
    )
    make.inspection(kuryk, v1, by=officer, ordered=at(2026, 1, 20), kind="scanner", team=(officer,))
    make.inspection(
        kuryk, v1, by=officer, ordered=at(2026, 2, 7), result="discrepancy", team=(officer,)
    )
    make.inspection(
        kuryk, v2, by=officer, ordered=at(2026, 3, 3), kind="documentary", status="ordered"
    )
    make.inspection(kuryk, v2, by=officer, ordered=at(2026, 2, 5, 8), task=t5, team=(supervisor,))
    make.inspection(
        kuryk, v1, by=officer, ordered=at(2025, 12, 20), result="seizure", team=(officer,)
    )

    s1 = make.seizure(
        kuryk,
        by=officer,
        seized=at(2026, 1, 10, 14),
        quantity="12.5",
        value="50000",
        trip=v1,
        description="Героин в двойном полу трейлера",
    )
    s2 = make.seizure(
        kuryk,
        by=officer,
        seized=at(2026, 2, 8),
        category="tobacco",
        concealment="vehicle_cavity",
        value="2000",
        departure="KZAAU",
        destination="AZBAK",
        description="Cigarettes behind the cab panels",
    )
    s3 = make.seizure(
        kuryk,
        by=officer,
        seized=at(2026, 2, 20),
        concealment="baggage",
        quantity="3",
        departure="AFKBL",
        destination="KZKUR",
        description="Hashish in a driver's bag",
    )
    make.seizure(
        kuryk,
        by=officer,
        seized=at(2025, 12, 1),
        category="weapons",
        concealment="other",
        description="Pistol, December",
    )

    aktau = aktau_officer.unit
    va = make.voyage(
        aktau,
        departure="KZAAU",
        arrival="AZBAK",
        arrives=at(2026, 1, 5),
        manifest_at=at(2026, 1, 4),
    )
    make.task(aktau, va, selected=at(2026, 1, 5), result="positive")
    make.inspection(
        aktau, va, by=aktau_officer, ordered=at(2026, 1, 5), result="seizure", team=(aktau_officer,)
    )
    make.seizure(
        aktau,
        by=aktau_officer,
        seized=at(2026, 1, 5),
        category="precursors",
        place="KZAAU",
        concealment="misdeclared",
        description="Acetic anhydride",
    )

    alyat = outsider.unit
    vz = make.voyage(
        alyat,
        departure="AZALA",
        arrival="KZKUR",
        arrives=at(2026, 1, 7),
        manifest_at=at(2026, 1, 6),
    )
    make.inspection(alyat, vz, by=outsider, ordered=at(2026, 1, 7), result="seizure")
    secret = make.seizure(
        alyat,
        by=outsider,
        seized=at(2026, 1, 7),
        place="AZALA",
        category="weapons",
        description="ALYAT-SECRET rifle parts",
    )
    return SimpleNamespace(
        kuryk=kuryk, aktau=aktau, alyat=alyat, v1=v1, v2=v2, s1=s1, s2=s2, s3=s3, secret=secret
    )


QUARTER = {"from": "2026-01-01", "to": "2026-03-31"}
