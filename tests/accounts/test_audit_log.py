"""The audit log page: supervisors and analysts of the unit see their unit's entries only."""

import pytest
from django.urls import reverse

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def kuryk_entry(analyst):
    return record_audit(
        actor=analyst,
        action="import.created",
        obj=analyst.unit,
        unit=analyst.unit,
        summary="imported CUSCAR voyage KUR-0142",
    )


def test_supervisor_sees_the_units_entries(client_for, supervisor, kuryk_entry):
    response = client_for(supervisor).get(reverse("accounts:audit"))
    assert response.status_code == 200
    assert "imported CUSCAR voyage KUR-0142" in response.content.decode()


def test_entries_of_another_unit_are_not_listed(client_for, outsider, kuryk_entry):
    response = client_for(outsider).get(reverse("accounts:audit"))
    assert response.status_code == 200
    assert "KUR-0142" not in response.content.decode()


@pytest.mark.parametrize("persona", ["officer", "partner"])
def test_officers_and_partners_get_404(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("accounts:audit")).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_audit_entries_cannot_be_changed_in_the_admin(client_for, administrator, kuryk_entry):
    client = client_for(administrator)
    url = reverse("admin:accounts_auditentry_change", args=[kuryk_entry.pk])
    response = client.post(url, {"summary": "rewritten"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=kuryk_entry.pk).summary.startswith("imported")
