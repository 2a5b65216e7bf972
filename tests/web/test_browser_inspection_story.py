"""The whole story of a seizure in a browser, as the officers of Kuryk would live it.

An analyst sees the task the assessment put in the queue; an officer claims it and orders a
physical inspection with the border service; the border service's officer searches the ferry's
engine room and records what is there; the officer records the seizure with a photo, and the
result; the supervisor sees the seizure on the dashboard and exports the CEN file. An officer of
Alyat opens none of it. Drives Debian's chromium against the live server.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from portcontrol.accounts.choices import Role
from portcontrol.core.formats.cen import CEN_HEADERS, CEN_KEYS
from portcontrol.inspections.demo import demo_photo
from tests.web.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A ferry from Alyat to Kuryk with a container of acetic anhydride: the indicator library
# queues it red as soon as the manifest is stored.
MANIFEST = (
    "voyage_number,transport_mode,vessel_name,departure_port,arrival_port,departure_time,"
    "document_number,shipper_name,consignee_name,item_number,hs_code,goods_description,"
    "gross_weight_kg,value,cargo_unit_id,cargo_unit_type\n"
    "ALA-0311,ferry,Barys,AZALA,KZKUR,2026-11-20T08:00:00Z,AZB-311,Azer Kimya MMC,"
    "Arman Trans LLP,1,291524,Acetic anhydride in drums,2000,3000,MSCU1234566,container\n"
)
CONTAINER = "MSCU1234566"


@pytest.fixture
def kuryk(analyst, officer, supervisor, partner, make_user, settings, tmp_path):
    """Kuryk's staff, the border service, an officer of Alyat, and the task in the queue."""
    from portcontrol.cargo.actions import ingest_file
    from portcontrol.targeting.models import TargetingTask

    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("alyat", Role.OFFICER, unit="AZALA")
    ingest_file(
        unit=analyst.unit, data=MANIFEST.encode(), name="ala-0311.csv", by=analyst, source="web"
    )
    return TargetingTask.objects.get(cargo_unit__identifier=CONTAINER)


def switch_user(page: Page, username: str) -> None:
    """Log out the one at the keyboard and log in as the next."""
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#id_username")).to_be_visible()
    log_in(page, username, f"pw-{username}")
    expect(page.locator("#id_username")).to_have_count(0)


def nav(page: Page, name: str) -> None:
    page.locator("header nav").get_by_role("link", name=name, exact=True).click()


def test_a_seizure_from_the_queue_to_the_cen_file_and_hidden_from_another_unit(page, kuryk):
    task = kuryk

    # 1. The analyst sees the task in Kuryk's queue.
    log_in(page, "analyst", "pw-analyst")
    nav(page, "Queue")
    row = page.locator("tr", has_text=CONTAINER)
    expect(row).to_contain_text("New")
    row.get_by_role("link", name=str(task.pk)).click()
    expect(page.locator("h1")).to_contain_text(CONTAINER)
    expect(page.locator("main")).to_contain_text("ALA-0311")

    # 2. The officer claims it and orders a physical inspection with the border service.
    switch_user(page, "officer")
    nav(page, "Queue")
    page.locator("tr", has_text=CONTAINER).get_by_role("link", name=str(task.pk)).click()
    page.get_by_role("button", name="Claim").click()
    expect(page.locator("main")).to_contain_text("Claimed")
    expect(page.locator("main")).to_contain_text("Assignee: officer")
    page.get_by_role("link", name="Order inspection").click()
    page.get_by_label("Type").select_option(label="Physical examination")
    page.locator("label", has_text="partner (KZ Border Service").locator("input").check()
    page.get_by_label("KZ Border Service", exact=True).check()
    page.get_by_label("Engine room", exact=True).check()
    page.get_by_label("Instructions").fill("Open the container; search the engine room.")
    page.get_by_role("button", name="Order the inspection").click()
    expect(page.locator(".messages")).to_contain_text("Inspection ordered.")
    inspection_url = page.url
    card = page.locator(".card", has_text="Team and agencies")
    expect(card).to_contain_text("KZ Border Service (Border service)")
    expect(card).to_contain_text("Partner agency officer")
    expect(page.locator("main")).to_contain_text(f"Task #{task.pk} (Inspection ordered)")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("main")).to_contain_text("In progress")

    # 3. The border service's officer searches the engine room and records the finding.
    switch_user(page, "partner")
    # A partner has no unit's voyages to land on: the inspections shared with them are the start.
    page.goto(reverse("inspections:list"))
    expect(page.locator("header .user")).to_contain_text("partner")
    page.locator("tr", has_text=CONTAINER).get_by_role("link").first.click()
    engine_room = page.locator(".card", has=page.locator("h3", has_text="Engine room"))
    engine_room.get_by_label("Behind insulation panels").check()
    engine_room.get_by_label("Bilges").check()
    engine_room.get_by_label("Area searched").check()
    engine_room.get_by_role("button", name="Save area").click()
    expect(page.locator(".messages")).to_contain_text("Search area updated.")
    expect(page.locator("h3", has_text="Engine room")).to_contain_text("searched")
    findings = page.locator(".card", has=page.locator("h2", has_text="Findings"))
    findings.get_by_label("Kind").select_option(label="Undeclared goods")
    findings.get_by_label("Area").select_option(label="Engine room")
    findings.get_by_label("Description").fill("Taped packages behind an insulation panel.")
    findings.get_by_role("button", name="Record the finding").click()
    expect(page.locator(".messages")).to_contain_text("Finding recorded.")

    # 4. The officer records the seizure, its photo, and the result.
    switch_user(page, "officer")
    nav(page, "Inspections")
    page.locator("tr", has_text=CONTAINER).get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("Taped packages behind an insulation panel.")
    page.get_by_role("link", name="Record a seizure").click()
    page.get_by_label("Commodity").select_option(label="Drugs")
    page.get_by_label("Drug type").select_option(label="Heroin")
    page.get_by_label("Description of the goods").fill("Heroin in 12 taped packages")
    page.get_by_label("HS code").fill("2939.11")
    page.get_by_label("Quantity", exact=True).fill("6.5")
    page.get_by_label("Unit of quantity").select_option(label="kg")
    page.get_by_label("Concealment method").select_option(value="vessel_structure")
    page.get_by_label("Cargo unit").fill("")  # found in the vessel, not in the container
    page.get_by_label("Vessel area").select_option(label="Engine room")
    page.get_by_label("Concealment place").fill("behind an insulation panel")
    page.get_by_role("button", name="Record the seizure").click()
    expect(page.locator(".messages")).to_contain_text("recorded")
    heading = page.locator("h1").inner_text()
    reference = re.search(r"KZKUR-\d{4}-\d{4}", heading).group(0)  # type: ignore[union-attr]
    expect(page.locator("tr", has_text="Vessel area")).to_contain_text("Engine room")
    expect(page.locator("tr", has_text="Concealment method")).to_contain_text("Vessel structure")
    seizure_url = page.url

    page.goto(inspection_url)
    photos = page.locator(".card", has=page.locator("h2", has_text="Photos and documents"))
    photos.get_by_label("Photo or document").set_input_files(
        files=[{"name": "engine-room.png", "mimeType": "image/png", "buffer": demo_photo()}]
    )
    photos.get_by_label("Caption").fill("Packages as found")
    photos.get_by_label("Area").select_option(label="Engine room")
    photos.get_by_label("Seizure").select_option(label=f"{reference} Drugs")
    photos.get_by_role("button", name="Attach").click()
    expect(page.locator(".messages")).to_contain_text("File attached.")
    image = page.locator("img[alt='Packages as found']")
    expect(image).to_be_visible()
    expect(photos).to_contain_text(
        f"engine-room.png: Packages as found (Engine room) · Seizure {reference}"
    )
    photo_url = image.get_attribute("src")
    served = page.request.get(photo_url)
    assert served.status == 200
    assert served.headers["content-type"] == "image/png"
    assert served.body()[:8] == b"\x89PNG\r\n\x1a\n"

    # The photo belongs to the seizure: its page shows it too.
    page.goto(seizure_url)
    seizure_photos = page.locator(".card", has=page.locator("h2", has_text="Photos and documents"))
    expect(seizure_photos).to_contain_text("engine-room.png · Packages as found")
    page.get_by_role("link", name="the inspection's page").click()

    page.get_by_role("link", name="Record the result").click()
    page.get_by_label("Result").select_option(label="Seizure")
    page.get_by_role("button", name="Record the result").click()
    expect(page.locator(".messages")).to_contain_text("Result recorded.")
    expect(page.locator("main")).to_contain_text("Done")
    expect(page.locator("main")).to_contain_text(reference)
    page.get_by_role("link", name=f"#{task.pk}").click()
    expect(page.locator("main")).to_contain_text("Positive: something found")

    # 5. The supervisor sees it on the dashboard and exports the CEN file.
    switch_user(page, "supervisor")
    page.goto(reverse("reports:dashboard"))
    headline = page.locator(".counts.headline")
    expect(headline.locator("div", has_text="Seizures").locator("strong")).to_have_text("1")
    expect(headline.locator("div", has_text="Inspections").locator("strong")).to_have_text("1")
    nav(page, "Seizures")
    expect(page.locator("tr", has_text=reference)).to_contain_text("Heroin")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    rows = read_csv(download.value.path())
    assert [row["reference"] for row in rows] == [reference]
    row = rows[0]
    assert (row["unit"], row["category"], row["drug_type"]) == ("KZKUR", "drugs", "heroin")
    assert row["concealment"] == "vessel_structure"
    assert "engine_room" in row["concealment_place"]
    assert (row["quantity"], row["quantity_unit"]) == ("6.5", "kg")
    assert row["voyage_number"] == "ALA-0311"

    # 6. An officer of Alyat opens none of it, and exports nothing of it.
    switch_user(page, "alyat")
    for url in (
        reverse("targeting:task", args=[task.pk]),
        inspection_url,
        seizure_url,
        photo_url,
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
    page.goto("/")
    nav(page, "Queue")
    expect(page.locator("main")).not_to_contain_text(CONTAINER)
    nav(page, "Seizures")
    expect(page.locator("main")).to_contain_text("No seizure matches.")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert read_csv(download.value.path()) == []


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of the CEN file, keyed by column code; its header checked on the way."""
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert tuple(lines[0]) == CEN_HEADERS
    return [dict(zip(CEN_KEYS, line, strict=True)) for line in lines[1:]]
