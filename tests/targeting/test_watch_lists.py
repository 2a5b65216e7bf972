"""Watch lists: removal and expiry take a second person; every change audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from portcontrol.accounts.models import AuditEntry
from portcontrol.targeting import actions
from portcontrol.targeting.choices import EntryStatus

pytestmark = pytest.mark.django_db


def test_the_requester_cannot_approve_their_own_removal(watch_list, supervisor):
    entry = watch_list.entries.get()
    actions.request_removal(entry, by=supervisor, reason="cleared by court")
    with pytest.raises(actions.FourEyesError):
        actions.approve_removal(entry, by=supervisor)
    assert entry.status == EntryStatus.PENDING_REMOVAL
    assert entry.is_in_force  # still screened meanwhile


def test_a_second_supervisor_removes_the_entry(watch_list, analyst, supervisor):
    entry = watch_list.entries.get()
    actions.request_removal(entry, by=analyst, reason="cleared by court")
    actions.approve_removal(entry, by=supervisor)
    assert entry.status == EntryStatus.REMOVED
    assert entry.removal_approved_by == supervisor
    actions_seen = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"targeting.entry.removal_requested", "targeting.entry.removed"} <= actions_seen


def test_an_expired_entry_stays_until_someone_else_confirms(watch_list, make_user, supervisor):
    boss = make_user("boss", "supervisor")
    entry = watch_list.entries.get()
    actions.update_entry(entry, {"expires_on": date.today() - timedelta(days=1)}, by=boss)
    assert entry.is_in_force
    actions.request_removal(entry, by=supervisor, reason="expired")
    with pytest.raises(actions.FourEyesError):
        actions.approve_removal(entry, by=boss)  # set the expiry: may not confirm it


def test_removal_through_the_pages(client_for, watch_list, analyst, supervisor):
    entry = watch_list.entries.get()
    client_for(analyst).post(reverse("targeting:entry_remove", args=[entry.pk]), {"reason": "dead"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING_REMOVAL
    response = client_for(analyst).post(reverse("targeting:entry_approve", args=[entry.pk]))
    assert response.status_code == 403
    client_for(supervisor).post(reverse("targeting:entry_approve", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REMOVED


def test_adding_an_entry_through_the_page(client_for, watch_list, analyst):
    response = client_for(analyst).post(
        reverse("targeting:entry_new", args=[watch_list.pk]),
        {"names": "PETROV Ivan\nПетров Иван", "reason": "smuggling", "nationality": "KZ"},
    )
    assert response.status_code == 302
    added = watch_list.entries.latest("id")
    assert added.names == ["PETROV Ivan", "Петров Иван"]
    assert AuditEntry.objects.filter(
        action="targeting.entry.added", object_id=str(added.pk)
    ).exists()


def test_outsider_cannot_request_removal(client_for, outsider, watch_list):
    entry = watch_list.entries.get()
    response = client_for(outsider).post(
        reverse("targeting:entry_remove", args=[entry.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACTIVE


FTM = (
    '{"id": "Q1", "schema": "Person", "properties": {"name": ["Ivan PETROV"], '
    '"alias": ["Петров Иван"], "birthDate": ["1971-03-05"], "nationality": ["kz"]}, '
    '"datasets": ["test"]}\n'
    '{"id": "C1", "schema": "Company", "properties": {"name": ["Caspian Shadow LLP"]}}\n'
).encode()


def test_import_adds_then_updates_and_never_drops(watch_list, analyst):
    counts = actions.import_watch_list(FTM, "ftm", watch_list, by=analyst)
    assert (counts["read"], counts["added"]) == (2, 2)
    person = watch_list.entries.get(source_id="OPENSANCTIONS:Q1")
    assert person.names == ["Ivan PETROV", "Петров Иван"]
    assert person.date_of_birth == date(1971, 3, 5)
    assert watch_list.entries.get(source_id="OPENSANCTIONS:C1").kind == "company"
    again = actions.import_watch_list(FTM.splitlines()[0], "ftm", watch_list, by=analyst)
    assert (again["added"], again["absent"]) == (0, 1)
    assert watch_list.entries.filter(status=EntryStatus.ACTIVE).count() == 3  # nothing dropped
    assert AuditEntry.objects.filter(action="targeting.watch_list.imported").count() == 2


def test_import_page_refuses_an_unreadable_file(client_for, analyst, watch_list):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(analyst).post(
        reverse("targeting:watch_list_import", args=[watch_list.pk]),
        {"format": "ftm", "file": SimpleUploadedFile("x.json", b"not json")},
    )
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert watch_list.entries.count() == 1


def test_import_command(watch_list, analyst, tmp_path):
    import io

    from django.core.management import call_command

    path = tmp_path / "list.json"
    path.write_bytes(FTM)
    out = io.StringIO()
    call_command(
        "import_watch_list",
        str(path),
        "--list",
        "NAT-PERSONS",
        "--agency",
        "KZ-CUSTOMS",
        "--format",
        "ftm",
        "--user",
        "analyst",
        stdout=out,
    )
    assert "2 added" in out.getvalue()
