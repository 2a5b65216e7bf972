"""Personas shared by every test: officers of a unit, a colleague, an outsider, a partner agency.

Tiny factories, not fixture files: each persona is a user of a known unit and role.
"""

from __future__ import annotations

import pytest

from portcontrol.accounts.choices import AgencyKind, Role


@pytest.fixture
def make_unit(db):
    """Make a unit (and its customs agency) by code: ``make_unit("KZKUR")``."""
    from portcontrol.accounts.models import Agency, Unit

    def make(code: str = "KZKUR", name: str | None = None) -> Unit:
        country = code[:2]
        agency, _ = Agency.objects.get_or_create(
            code=f"{country}-CUSTOMS",
            defaults={"name": f"{country} customs", "country": country, "kind": AgencyKind.CUSTOMS},
        )
        unit, _ = Unit.objects.get_or_create(
            code=code, defaults={"name": name or f"{code} PCU", "agency": agency, "locode": code}
        )
        return unit

    return make


@pytest.fixture
def make_user(db, make_unit):
    """Make a user with a role, in a unit (by code) or in a partner agency."""
    from portcontrol.accounts.models import Agency, User

    def make(username: str, role: str = Role.OFFICER, unit: str | None = "KZKUR") -> User:
        if role == Role.PARTNER:
            agency, _ = Agency.objects.get_or_create(
                code="KZ-BORDER",
                defaults={
                    "name": "KZ Border Service",
                    "country": "KZ",
                    "kind": AgencyKind.BORDER_SERVICE,
                },
            )
            return User.objects.create_user(
                username, password="pw-" + username, role=role, agency=agency
            )
        return User.objects.create_user(
            username,
            password="pw-" + username,
            role=role,
            unit=make_unit(unit) if unit else None,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )

    return make


@pytest.fixture
def analyst(make_user):
    return make_user("analyst", Role.ANALYST)


@pytest.fixture
def officer(make_user):
    return make_user("officer", Role.OFFICER)


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", Role.SUPERVISOR)


@pytest.fixture
def outsider(make_user):
    """An analyst of another unit (Alyat): must learn nothing of Kuryk's data."""
    return make_user("outsider", Role.ANALYST, unit="AZALA")


@pytest.fixture
def partner(make_user):
    """An officer of the KZ Border Service: sees only what is shared with the agency."""
    return make_user("partner", Role.PARTNER, unit=None)


@pytest.fixture
def administrator(make_user):
    return make_user("admin", Role.ADMINISTRATOR, unit=None)


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Personas are made by the dozen: a deliberately slow hash would dominate the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_engine_inputs():
    """Each test starts with no cached engine inputs: tests change profiles and lists freely."""
    from portcontrol.targeting import cache

    cache.clear()
    yield
    cache.clear()
