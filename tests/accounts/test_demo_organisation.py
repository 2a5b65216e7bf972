"""The demo organisation is complete and can be created twice without change."""

import pytest

from portcontrol.accounts.choices import Role
from portcontrol.accounts.demo import create_demo_organisation
from portcontrol.accounts.models import Unit, User

pytestmark = pytest.mark.django_db


def test_every_unit_has_an_analyst_an_officer_and_a_supervisor():
    create_demo_organisation("secret-demo-pw")
    for code in ("KZKUR", "KZAAU", "AZALA", "AZBAK"):
        roles = set(User.objects.filter(unit__code=code).values_list("role", flat=True))
        assert roles == {Role.ANALYST, Role.OFFICER, Role.SUPERVISOR}
    partners = User.objects.filter(agency__code="KZ-BS", role=Role.PARTNER)
    assert partners.count() == 3


def test_creating_twice_changes_nothing():
    first = create_demo_organisation("secret-demo-pw")
    users = User.objects.count()
    second = create_demo_organisation("secret-demo-pw")
    assert User.objects.count() == users
    assert Unit.objects.count() == 4
    assert [login.username for login in first] == [login.username for login in second]


def test_demo_users_can_log_in(client):
    create_demo_organisation("secret-demo-pw")
    assert client.login(username="kzkur.analyst", password="secret-demo-pw")


def test_a_national_node_holds_only_its_own_country():
    logins = create_demo_organisation("secret-demo-pw", country="AZ")
    assert set(Unit.objects.values_list("code", flat=True)) == {"AZALA", "AZBAK"}
    assert not User.objects.filter(username__startswith="kz").exists()
    assert "azdsx.officer" in [login.username for login in logins]
    assert User.objects.get(username="azdsx.officer").agency.country == "AZ"
