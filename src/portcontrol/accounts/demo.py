"""The demo organisation: the Caspian units of the scenario, their agencies and users."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from portcontrol.accounts.choices import AgencyKind, Role
from portcontrol.accounts.models import Agency, Unit, User

AGENCIES = (
    ("KZ-SRC", "State Revenue Committee of Kazakhstan", "KZ", AgencyKind.CUSTOMS),
    ("AZ-SCC", "State Customs Committee of Azerbaijan", "AZ", AgencyKind.CUSTOMS),
    (
        "KZ-BS",
        "Border Service of the National Security Committee of Kazakhstan",
        "KZ",
        AgencyKind.BORDER_SERVICE,
    ),
    ("KZ-POLICE", "Ministry of Internal Affairs of Kazakhstan (police)", "KZ", AgencyKind.POLICE),
    ("AZ-DSX", "State Border Service of Azerbaijan", "AZ", AgencyKind.BORDER_SERVICE),
)
UNITS = (
    ("KZKUR", "Kuryk PCU", "KZ-SRC", "KZKUR"),
    ("KZAAU", "Aktau PCU", "KZ-SRC", "KZAAU"),
    ("AZALA", "Alyat PCU", "AZ-SCC", "AZALA"),
    ("AZBAK", "Baku Central Customs", "AZ-SCC", "AZBAK"),
)
UNIT_ROLES = (Role.ANALYST, Role.OFFICER, Role.SUPERVISOR)
# Partner-agency logins: (username prefix, agency, where, roles named in the username).
PARTNER_LOGINS = (
    ("kzbs", "KZ-BS", "KZ Border Service", ("analyst", "officer", "supervisor")),
    ("azdsx", "AZ-DSX", "AZ State Border Service", ("officer",)),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    where: str
    role: str


def _ensure_user(username: str, password: str, **fields: object) -> None:
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(password)
        user.save()


def _country_of_agency(code: str) -> str:
    return next(country for agency, _, country, _ in AGENCIES if agency == code)


@transaction.atomic
def create_demo_organisation(password: str, country: str | None = None) -> list[DemoLogin]:
    """Create (or keep) the demo agencies, units and users; returns the logins to print.

    ``country`` ("KZ" or "AZ") keeps to one country's agencies, as a national node holds only
    its own; None creates both countries in one database.
    """
    agencies = {}
    for code, name, agency_country, kind in AGENCIES:
        if country not in (None, agency_country):
            continue
        agencies[code], _ = Agency.objects.get_or_create(
            code=code, defaults={"name": name, "country": agency_country, "kind": kind}
        )
    logins: list[DemoLogin] = []
    for code, name, agency_code, locode in UNITS:
        if agency_code not in agencies:
            continue
        unit, _ = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "agency": agencies[agency_code], "locode": locode}
        )
        for role in UNIT_ROLES:
            username = f"{code.lower()}.{role}"
            _ensure_user(username, password, role=role, unit=unit)
            logins.append(DemoLogin(username, unit.name, str(role.label)))
    for prefix, agency_code, where, role_names in PARTNER_LOGINS:
        if country not in (None, _country_of_agency(agency_code)):
            continue
        for role_name in role_names:
            username = f"{prefix}.{role_name}"
            _ensure_user(username, password, role=Role.PARTNER, agency=agencies[agency_code])
            logins.append(DemoLogin(username, where, str(Role.PARTNER.label)))
    _ensure_user("admin", password, role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    logins.append(DemoLogin("admin", "—", str(Role.ADMINISTRATOR.label)))
    return logins
