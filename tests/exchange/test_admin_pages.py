"""Administrator pages of the exchange: partner nodes, closed user groups, this node's keys.

Only administrators see them; everyone else gets 404 (or the login page when anonymous).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portcontrol.accounts.models import AuditEntry
from portcontrol.core.messages import (
    ClosedUserGroup,
    OwnKeys,
    PartnerNode,
    new_message,
    open_message,
    read_own_keys,
    seal,
    write_own_keys,
)
from portcontrol.exchange.models import ClosedUserGroup as Group
from portcontrol.exchange.models import PartnerNode as Partner
from tests.exchange import bodies
from tests.exchange.conftest import GROUP, HERE, THERE

pytestmark = pytest.mark.django_db

NEW_PARTNER = "KG-BISHKEK"
PAGES = [
    ("exchange:admin_partners", []),
    ("exchange:admin_partner_new", []),
    ("exchange:admin_partner", [THERE]),
    ("exchange:admin_groups", []),
    ("exchange:admin_group_new", []),
    ("exchange:admin_group", [GROUP]),
    ("exchange:admin_node", []),
    ("exchange:admin_node_document", []),
]
ACTIONS = [
    ("exchange:admin_partner_active", [THERE], {"active": "0"}),
    ("exchange:admin_node_drop_key", [], {"kid": "x"}),
    ("exchange:admin_node", [], {"starts": "2099-01-01T00:00", "overlap_hours": "24"}),
    ("exchange:admin_partner_new", [], {"name": "x", "country": "KG", "inbox_url": "http://x"}),
    ("exchange:admin_group_new", [], {"code": "NEW", "name": "New"}),
]


def partner_post(document: object, **changes: object) -> dict[str, object]:
    """The register form as an administrator fills it in."""
    text = document if isinstance(document, str) else json.dumps(document)
    fields: dict[str, object] = {
        "public_document": text,
        "name": "Bishkek",
        "country": "kg",
        "inbox_url": "https://bishkek.example.org/api/exchange/inbox",
        "active": "on",
    }
    fields.update(changes)
    return fields


def minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def key_file_text(settings) -> str:  # type: ignore[no-untyped-def]
    with open(settings.PORTCONTROL_NODE_KEYS_FILE, encoding="utf-8") as file:
        return file.read()


# --- who may see them ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_officer_and_partner_agency_get_404(client_for, officer, partner, group, name, args):
    assert client_for(officer).get(reverse(name, args=args)).status_code == 404
    assert client_for(partner).get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_goes_to_login(client, group, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "/login" in response["Location"]


@pytest.mark.parametrize(("name", "args", "data"), ACTIONS)
def test_officer_may_not_act(client_for, officer, group, settings, name, args, data):
    before = key_file_text(settings)
    response = client_for(officer).post(reverse(name, args=args), data)
    assert response.status_code == 404
    assert Partner.objects.get(node_id=THERE).active
    assert key_file_text(settings) == before
    assert list(Group.objects.values_list("code", flat=True)) == [GROUP]
    assert not AuditEntry.objects.filter(actor=officer).exists()


def test_nav_links_administrators_only(client_for, administrator, officer, group):
    link = reverse("exchange:admin_partners")
    assert link in client_for(administrator).get(reverse("exchange:admin_node")).content.decode()
    assert link not in client_for(officer).get(reverse("inspections:list")).content.decode()


@pytest.mark.parametrize("language", ["en", "ru", "az", "kk", "ky"])
@pytest.mark.parametrize(
    ("name", "args"), [page for page in PAGES if page[0] != "exchange:admin_node_document"]
)
def test_pages_render_in_every_language(client_for, administrator, group, language, name, args):
    client = client_for(administrator)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


# --- partner nodes ---------------------------------------------------------------------------


def test_list_shows_partner_keys_and_delivery_counts(client_for, administrator, partner_node):
    response = client_for(administrator).get(reverse("exchange:admin_partners"))
    html = response.content.decode()
    [row] = response.context["rows"]
    assert row.partner.node_id == THERE
    assert {key.kid for key in row.keys} == {key.kid for key in partner_node.keys.keys}
    assert (row.partner.pending, row.partner.failed) == (0, 0)
    assert "http://127.0.0.1:9/api/exchange/inbox" in html


def test_registering_a_partner_saves_and_audits(client_for, administrator, node):
    document = OwnKeys.generate(NEW_PARTNER).public().to_document()
    url = reverse("exchange:admin_partner_new")
    response = client_for(administrator).post(url, partner_post(document))
    assert response.status_code == 302
    saved = Partner.objects.get(node_id=NEW_PARTNER)
    assert (saved.name, saved.country, saved.active) == ("Bishkek", "KG", True)
    assert saved.as_core().to_document() == PartnerNode.from_document(document).to_document()
    entry = AuditEntry.objects.get(action="exchange.partner.registered")
    assert entry.actor == administrator
    assert entry.object_id == str(saved.pk)


def test_registering_from_an_uploaded_file(client_for, administrator, node):
    document = OwnKeys.generate(NEW_PARTNER).public().to_json().encode()
    upload = SimpleUploadedFile("bishkek.json", document, content_type="application/json")
    data = partner_post("", document_file=upload)
    response = client_for(administrator).post(reverse("exchange:admin_partner_new"), data)
    assert response.status_code == 302
    assert Partner.objects.filter(node_id=NEW_PARTNER).exists()


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ('{"node": "KG-BISHKEK", "keys": [', "Not valid JSON"),
        ({"node": NEW_PARTNER, "keys": []}, "lists no keys"),
        (OwnKeys.generate(NEW_PARTNER).to_json(), "private key"),
        ({"node": "kg bishkek", "keys": [{"kty": "OKP"}]}, "must be 1 to 64"),
    ],
)
def test_bad_document_is_refused_on_its_field(client_for, administrator, node, document, says):
    url = reverse("exchange:admin_partner_new")
    response = client_for(administrator).post(url, partner_post(document))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["public_document"]
    assert says in errors["public_document"][0]
    assert not Partner.objects.exists()
    assert not AuditEntry.objects.exists()


def test_bad_uploaded_file_is_refused_on_the_file_field(client_for, administrator, node):
    upload = SimpleUploadedFile("bishkek.json", b"not json", content_type="application/json")
    data = partner_post("", document_file=upload)
    response = client_for(administrator).post(reverse("exchange:admin_partner_new"), data)
    assert "Not valid JSON" in response.context["form"].errors["document_file"][0]
    assert not Partner.objects.exists()


def test_changing_a_partner_refuses_another_nodes_document(client_for, administrator, partner_node):
    before = Partner.objects.get(node_id=THERE).public_document
    other = OwnKeys.generate(NEW_PARTNER).public().to_document()
    url = reverse("exchange:admin_partner", args=[THERE])
    response = client_for(administrator).post(url, partner_post(other))
    assert "not AZ-ALAT" in response.context["form"].errors["public_document"][0]
    assert Partner.objects.get(node_id=THERE).public_document == before
    assert not Partner.objects.filter(node_id=NEW_PARTNER).exists()


def test_changing_a_partner_replaces_its_keys(client_for, administrator, partner_node):
    rotated = partner_node.keys.rotated(starts=timezone.now(), overlap=timedelta(days=1))
    url = reverse("exchange:admin_partner", args=[THERE])
    form = client_for(administrator).get(url).context["form"]
    assert THERE in form.initial["public_document"]
    data = partner_post(rotated.public().to_document(), name="Alyat port")
    assert client_for(administrator).post(url, data).status_code == 302
    saved = Partner.objects.get(node_id=THERE)
    assert saved.name == "Alyat port"
    assert len(saved.as_core().keys) == 4
    assert AuditEntry.objects.filter(action="exchange.partner.changed", actor=administrator)


def test_deactivating_and_activating_a_partner_is_audited(client_for, administrator, group):
    client = client_for(administrator)
    url = reverse("exchange:admin_partner_active", args=[THERE])
    assert client.post(url, {"active": "0"}).status_code == 302
    assert not Partner.objects.get(node_id=THERE).active
    client.post(url, {"active": "0"})  # already inactive: nothing more to record
    client.post(url, {"active": "1"})
    assert Partner.objects.get(node_id=THERE).active
    actions = AuditEntry.objects.filter(actor=administrator).order_by("pk")
    assert list(actions.values_list("action", flat=True)) == [
        "exchange.partner.deactivated",
        "exchange.partner.activated",
    ]


def test_toggle_needs_post(client_for, administrator, group):
    url = reverse("exchange:admin_partner_active", args=[THERE])
    assert client_for(administrator).get(url).status_code == 405
    assert Partner.objects.get(node_id=THERE).active


# --- closed user groups ----------------------------------------------------------------------


def test_creating_a_group(client_for, administrator, partner_node, make_unit, partner):
    unit = make_unit("KZKUR")
    data = {
        "code": "CASPIAN-OIL",
        "name": "Caspian oil",
        "partners": [THERE],
        "units": [unit.pk],
        "agencies": [partner.agency_id],
    }
    response = client_for(administrator).post(reverse("exchange:admin_group_new"), data)
    assert response.status_code == 302
    group = Group.objects.get(code="CASPIAN-OIL")
    assert not group.personal_data_allowed
    assert list(group.partners.values_list("node_id", flat=True)) == [THERE]
    assert list(group.units.all()) == [unit]
    assert list(group.agencies.all()) == [partner.agency]
    assert AuditEntry.objects.filter(action="exchange.group.saved", actor=administrator)


def test_creating_a_group_with_a_taken_code_is_refused(client_for, administrator, group):
    data = {"code": GROUP, "name": "Another"}
    response = client_for(administrator).post(reverse("exchange:admin_group_new"), data)
    assert "exists already" in response.context["form"].errors["code"][0]
    assert Group.objects.get(code=GROUP).name == "Caspian ferry"


def test_changing_a_group_keeps_its_code(client_for, administrator, group, make_unit):
    unit = make_unit("KZKUR")
    url = reverse("exchange:admin_group", args=[GROUP])
    data = {"code": "RENAMED", "name": "Caspian ferries", "units": [unit.pk]}
    assert client_for(administrator).post(url, data).status_code == 302
    group.refresh_from_db()
    assert group.name == "Caspian ferries"
    assert not group.personal_data_allowed
    assert list(group.partners.all()) == []
    assert list(group.units.all()) == [unit]
    assert not Group.objects.filter(code="RENAMED").exists()


# --- this node's keys ------------------------------------------------------------------------


def test_node_page_shows_keys_and_public_document(client_for, administrator, node):
    response = client_for(administrator).get(reverse("exchange:admin_node"))
    html = response.content.decode()
    assert response.context["node_id"] == HERE
    assert {row.kid for row in response.context["rows"]} == {key.kid for key in node.keys}
    assert all(row.in_force and not row.droppable for row in response.context["rows"])
    assert json.loads(response.context["document"]) == node.public().to_document()
    assert '"d"' not in html  # never a private part


def test_public_document_downloads_as_json_attachment(client_for, administrator, node):
    response = client_for(administrator).get(reverse("exchange:admin_node_document"))
    assert response["Content-Type"] == "application/json"
    assert 'attachment; filename="KZ-KURYK-public-keys.json"' == response["Content-Disposition"]
    assert json.loads(response.content) == node.public().to_document()


def test_rotation_writes_new_keys_and_ends_the_old_ones(
    client_for, administrator, partner_node, settings
):
    node = partner_node.here
    before = timezone.now()
    # Sealed with the old keys before the rotation, in both directions.
    outgoing = new_message(
        "request", bodies.request(), sender=HERE, recipients=[THERE], group=GROUP, now=before
    )
    core_group = ClosedUserGroup(GROUP, frozenset({HERE, THERE}), True)
    sent = seal(outgoing, node, {THERE: partner_node.keys.public()}, group=core_group, now=before)
    incoming = partner_node.token("request", bodies.request())

    starts = minute(before + timedelta(hours=2))
    data = {"starts": starts.strftime("%Y-%m-%dT%H:%M"), "overlap_hours": "30"}
    response = client_for(administrator).post(reverse("exchange:admin_node"), data)
    assert response.status_code == 302

    rotated = read_own_keys(settings.PORTCONTROL_NODE_KEYS_FILE)
    public = {key.kid: key for key in rotated.public().keys}
    old = {key.kid for key in node.keys}
    new = set(public) - old
    assert old < set(public) and len(new) == 2
    assert {public[kid].valid_until for kid in old} == {starts + timedelta(hours=30)}
    assert {public[kid].valid_from for kid in new} == {starts}
    page = client_for(administrator).get(reverse("exchange:admin_node"))
    assert json.loads(page.context["document"]) == rotated.public().to_document()

    later = starts + timedelta(minutes=30)
    groups = {GROUP: core_group}
    opened_there = open_message(
        sent.tokens[THERE],
        partner_node.keys,
        {HERE: rotated.public()},
        groups=groups,
        now=later,
    )
    assert opened_there.message.id == outgoing.id
    opened_here = open_message(
        incoming, rotated, {THERE: partner_node.keys.public()}, groups=groups, now=later
    )
    assert opened_here.message.header.sender == THERE

    entry = AuditEntry.objects.get(action="exchange.node_keys.rotated")
    assert entry.actor == administrator
    assert sorted(entry.details["added"]) == sorted(new)
    assert sorted(entry.details["ended"]) == sorted(old)


def test_rotation_with_overlap_below_a_day_is_refused(client_for, administrator, node, settings):
    before = key_file_text(settings)
    starts = minute(timezone.now() + timedelta(hours=2))
    data = {"starts": starts.strftime("%Y-%m-%dT%H:%M"), "overlap_hours": "23"}
    response = client_for(administrator).post(reverse("exchange:admin_node"), data)
    assert response.status_code == 200
    assert "at least 24 hours" in response.context["form"].errors["overlap_hours"][0]
    assert key_file_text(settings) == before
    assert not AuditEntry.objects.exists()


def test_rotation_starting_in_the_past_is_refused(client_for, administrator, node, settings):
    before = key_file_text(settings)
    starts = minute(timezone.now() - timedelta(hours=1))
    data = {"starts": starts.strftime("%Y-%m-%dT%H:%M"), "overlap_hours": "24"}
    response = client_for(administrator).post(reverse("exchange:admin_node"), data)
    assert "in the past" in response.context["form"].errors["starts"][0]
    assert key_file_text(settings) == before


@pytest.fixture
def retired(node, settings):
    """The node rotated three days ago with a day's overlap: its first keys ended two days ago."""
    keys = node.rotated(starts=timezone.now() - timedelta(days=3), overlap=timedelta(days=1))
    write_own_keys(settings.PORTCONTROL_NODE_KEYS_FILE, keys)
    return keys


def test_drop_refused_for_a_key_in_force(client_for, administrator, retired, settings):
    current = retired.signing_key(timezone.now())
    before = key_file_text(settings)
    url = reverse("exchange:admin_node_drop_key")
    response = client_for(administrator).post(url, {"kid": current.kid}, follow=True)
    assert "still in force" in response.content.decode()
    assert key_file_text(settings) == before
    assert not AuditEntry.objects.exists()


def test_drop_refused_for_a_key_ended_recently(client_for, administrator, node, settings):
    keys = node.rotated(starts=timezone.now() - timedelta(hours=30), overlap=timedelta(hours=24))
    write_own_keys(settings.PORTCONTROL_NODE_KEYS_FILE, keys)
    old = node.keys[0].kid
    url = reverse("exchange:admin_node_drop_key")
    response = client_for(administrator).post(url, {"kid": old}, follow=True)
    assert "less than 24 hours ago" in response.content.decode()
    assert old in {key.kid for key in read_own_keys(settings.PORTCONTROL_NODE_KEYS_FILE).keys}


def test_drop_refused_for_the_last_key_of_its_use(client_for, administrator, node, settings):
    url = reverse("exchange:admin_node_drop_key")
    kid = node.signing_key(timezone.now()).kid
    response = client_for(administrator).post(url, {"kid": kid}, follow=True)
    assert "last signing key" in response.content.decode()
    assert len(read_own_keys(settings.PORTCONTROL_NODE_KEYS_FILE).keys) == 2


def test_dropping_a_retired_key(client_for, administrator, retired, node, settings):
    old = next(key for key in node.keys if key.use.value == "enc").kid
    page = client_for(administrator).get(reverse("exchange:admin_node"))
    assert {row.kid for row in page.context["rows"] if row.droppable} == {k.kid for k in node.keys}
    url = reverse("exchange:admin_node_drop_key")
    response = client_for(administrator).post(url, {"kid": old})
    assert response.status_code == 302
    left = {key.kid for key in read_own_keys(settings.PORTCONTROL_NODE_KEYS_FILE).keys}
    assert old not in left and len(left) == 3
    entry = AuditEntry.objects.get(action="exchange.node_keys.dropped")
    assert (entry.actor, entry.details["dropped"]) == (administrator, old)


def test_keys_from_the_environment_are_shown_but_not_rotated(
    client_for, administrator, node, settings, monkeypatch
):
    settings.PORTCONTROL_NODE_KEYS_FILE = ""
    monkeypatch.setenv("PORTCONTROL_NODE_KEYS", node.to_json())
    client = client_for(administrator)
    page = client.get(reverse("exchange:admin_node"))
    assert {row.kid for row in page.context["rows"]} == {key.kid for key in node.keys}
    assert "needs a key-set file" in page.content.decode()
    starts = minute(timezone.now() + timedelta(hours=2))
    data = {"starts": starts.strftime("%Y-%m-%dT%H:%M"), "overlap_hours": "24"}
    response = client.post(reverse("exchange:admin_node"), data)
    assert "needs a key-set file" in response.context["form"].non_field_errors()[0]
    dropped = client.post(reverse("exchange:admin_node_drop_key"), {"kid": "x"}, follow=True)
    assert "needs a key-set file" in dropped.content.decode()
    assert not AuditEntry.objects.exists()
