"""Photos and documents: checked by content and size, stored by hash, served to participants."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from portcontrol.accounts.models import AuditEntry
from portcontrol.inspections import actions
from portcontrol.inspections.models import Attachment

from .conftest import GIF, JPEG, PDF, PNG, upload

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(
        str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()
    )


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("deck.jpg", JPEG, "photo", "image/jpeg"),
        ("void.PNG", PNG, "photo", "image/png"),
        ("bill.pdf", PDF, "document", "application/pdf"),
        # The content decides, not the name.
        ("scan.bin", PDF, "document", "application/pdf"),
    ],
)
def test_accepted_types_are_stored_by_hash(
    inspection, partner, media_in_tmp, name, data, kind, content_type
):
    attachment = actions.add_attachment(
        inspection, by=partner, upload=upload(name, data), caption="behind panel"
    )
    digest = hashlib.sha256(data).hexdigest()
    assert (attachment.kind, attachment.content_type, attachment.sha256) == (
        kind,
        content_type,
        digest,
    )
    assert attachment.original_name == name and attachment.size == len(data)
    assert stored_files(media_in_tmp) == [f"inspections/{inspection.pk}/{digest}"]
    assert (media_in_tmp / attachment.file.name).read_bytes() == data
    assert AuditEntry.objects.filter(action="inspections.attachment.added").count() == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.gif", GIF, "photo.gif: the content is not a JPEG or PNG photo nor a PDF document"),
        ("fake.jpg", b"MZ\x90\x00 not a photo at all", "fake.jpg: the content is not a JPEG"),
        ("empty.png", b"", "empty.png: the file is empty."),
    ],
)
def test_other_content_is_refused_naming_the_file(
    inspection, officer, media_in_tmp, name, data, reason
):
    with pytest.raises(actions.AttachmentRefused) as refused:
        actions.add_attachment(inspection, by=officer, upload=upload(name, data))
    assert str(refused.value).startswith(reason)
    assert not Attachment.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_a_file_over_the_limit_is_refused_with_both_sizes(
    inspection, officer, settings, media_in_tmp
):
    settings.PORTCONTROL_MAX_ATTACHMENT_BYTES = 50
    with pytest.raises(actions.AttachmentRefused) as refused:
        actions.add_attachment(
            inspection, by=officer, upload=upload("big.jpg", JPEG + b"\x00" * 60)
        )
    assert str(refused.value) == (
        f"big.jpg: the file has {len(JPEG) + 60} bytes, more than the limit of 50 bytes."
    )
    assert not Attachment.objects.exists()


def test_the_default_limit_is_twenty_megabytes(settings):
    from portcontrol.inspections.attachments import max_attachment_bytes

    if hasattr(settings, "PORTCONTROL_MAX_ATTACHMENT_BYTES"):
        del settings.PORTCONTROL_MAX_ATTACHMENT_BYTES
    assert max_attachment_bytes() == 20 * 1024 * 1024


def test_the_same_photo_twice_is_stored_once(inspection, officer, media_in_tmp):
    first = actions.add_attachment(inspection, by=officer, upload=upload("a.jpg", JPEG))
    second = actions.add_attachment(inspection, by=officer, upload=upload("b.jpg", JPEG))
    assert first.file.name == second.file.name
    assert len(stored_files(media_in_tmp)) == 1


def test_a_failed_save_removes_the_file_it_wrote(inspection, officer, media_in_tmp, monkeypatch):
    def fail(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit store down")

    monkeypatch.setattr("portcontrol.inspections.actions.record_audit", fail)
    with pytest.raises(RuntimeError):
        actions.add_attachment(inspection, by=officer, upload=upload("a.jpg", JPEG))
    assert not Attachment.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_an_area_of_another_inspection_is_refused(make_inspection, vessel_search, officer):
    other = make_inspection()
    with pytest.raises(actions.InspectionError) as refused:
        actions.add_attachment(
            other, by=officer, upload=upload("a.jpg", JPEG), area=vessel_search.areas.first()
        )
    assert refused.value.field == "area"


def test_a_partner_of_another_agency_attaches_nothing(inspection, police_partner):
    with pytest.raises(actions.InspectionError):
        actions.add_attachment(inspection, by=police_partner, upload=upload("a.jpg", JPEG))
    assert not Attachment.objects.exists()


# --- the protected download ---------------------------------------------------------------


@pytest.fixture
def photo(inspection, officer):
    return actions.add_attachment(inspection, by=officer, upload=upload("deck.jpg", JPEG))


@pytest.fixture
def document(inspection, officer):
    return actions.add_attachment(inspection, by=officer, upload=upload("bill.pdf", PDF))


@pytest.mark.parametrize("who", ["officer", "supervisor", "partner"])
def test_participants_get_the_photo_inline(client_for, photo, who, request):
    response = client_for(request.getfixturevalue(who)).get(
        reverse("inspections:attachment", args=[photo.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="deck.jpg"' in response["Content-Disposition"]


def test_a_document_always_downloads(client_for, officer, document):
    response = client_for(officer).get(reverse("inspections:attachment", args=[document.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_photo_downloads_when_asked(client_for, officer, photo):
    response = client_for(officer).get(
        reverse("inspections:attachment", args=[photo.pk]), {"download": "1"}
    )
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("who", ["outsider", "police_partner", "administrator"])
def test_others_get_404(client_for, photo, who, request):
    response = client_for(request.getfixturevalue(who)).get(
        reverse("inspections:attachment", args=[photo.pk])
    )
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(client, photo):
    response = client.get(reverse("inspections:attachment", args=[photo.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_media_has_no_public_url(client, photo, settings):
    """Nothing serves MEDIA_ROOT directly: the file is only reached through the checked view."""
    assert client.get(f"/{settings.MEDIA_URL.strip('/')}/{photo.file.name}").status_code == 404


def test_uploading_through_the_page(client_for, partner, inspection, media_in_tmp):
    client = client_for(partner)
    response = client.post(
        reverse("inspections:attachment_new", args=[inspection.pk]),
        {"attachment-file": upload("deck.jpg", JPEG), "attachment-caption": "vehicle deck"},
        follow=True,
    )
    assert "File attached." in response.content.decode()
    attachment = Attachment.objects.get()
    assert (attachment.caption, attachment.seizure) == ("vehicle deck", None)


def test_a_refused_upload_says_why_on_the_page(client_for, officer, inspection):
    response = client_for(officer).post(
        reverse("inspections:attachment_new", args=[inspection.pk]),
        {"attachment-file": upload("clip.gif", GIF)},
        follow=True,
    )
    assert "clip.gif: the content is not a JPEG or PNG photo nor a PDF document" in (
        response.content.decode()
    )
    assert not Attachment.objects.exists()


# --- photos of a seizure --------------------------------------------------------------------


def test_a_seizure_of_another_inspection_is_refused(make_inspection, make_seizure, officer):
    inspection, other = make_inspection(), make_inspection()
    seizure = make_seizure(other)
    with pytest.raises(actions.InspectionError) as refused:
        actions.add_attachment(
            inspection, by=officer, upload=upload("a.jpg", JPEG), seizure=seizure
        )
    assert refused.value.field == "seizure"
    assert not Attachment.objects.exists()


def test_the_photo_form_offers_the_seizures_of_this_inspection_only(
    client_for, officer, make_inspection, make_seizure
):
    inspection, other = make_inspection(), make_inspection()
    seizure = make_seizure(inspection)
    make_seizure(other, reference="KZKUR-2025-0002")
    response = client_for(officer).get(reverse("inspections:detail", args=[inspection.pk]))
    form = response.context["attachment_form"]
    assert list(form.fields["seizure"].queryset) == [seizure]
    page = response.content.decode()
    assert 'name="attachment-seizure"' in page
    assert f'<option value="{seizure.pk}">KZKUR-2025-0001' in page
    assert "KZKUR-2025-0002" not in page


def test_a_photo_chosen_for_a_seizure_is_shown_on_the_seizure_page(
    client_for, officer, inspection, make_seizure, media_in_tmp
):
    seizure = make_seizure(inspection)
    client = client_for(officer)
    response = client.post(
        reverse("inspections:attachment_new", args=[inspection.pk]),
        {
            "attachment-file": upload("bricks.jpg", JPEG),
            "attachment-caption": "bricks as found",
            "attachment-seizure": seizure.pk,
        },
        follow=True,
    )
    assert "File attached." in response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.seizure == seizure
    entry = AuditEntry.objects.get(action="inspections.attachment.added")
    assert entry.details["seizure"] == seizure.pk
    page = client.get(reverse("inspections:seizure", args=[seizure.pk])).content.decode()
    assert reverse("inspections:attachment", args=[attachment.pk]) in page
    assert "bricks.jpg" in page and "bricks as found" in page
    assert "No photo or document attached to this seizure." not in page


def test_a_seizure_of_another_inspection_is_refused_on_the_page(
    client_for, officer, make_inspection, make_seizure, media_in_tmp
):
    inspection, other = make_inspection(), make_inspection()
    foreign = make_seizure(other)
    response = client_for(officer).post(
        reverse("inspections:attachment_new", args=[inspection.pk]),
        {"attachment-file": upload("a.jpg", JPEG), "attachment-seizure": foreign.pk},
        follow=True,
    )
    assert "Seizure: The seizure is not of this inspection." in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_the_seizure_page_links_to_where_photos_are_attached(
    client_for, officer, inspection, make_seizure
):
    seizure = make_seizure(inspection)
    page = client_for(officer).get(reverse("inspections:seizure", args=[seizure.pk]))
    link = reverse("inspections:detail", args=[inspection.pk]) + "#attachments"
    assert f'<a href="{link}">' in page.content.decode()
