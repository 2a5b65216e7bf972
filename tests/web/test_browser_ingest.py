"""A risk analyst in a browser: log in, upload a manifest with one bad line, read the report,
correct the rejected item, find the container, switch language. Drives Debian's chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = (
    "voyage_number,transport_mode,vessel_name,vessel_imo,departure_port,arrival_port,"
    "departure_time,document_number,shipper_name,consignee_name,item_number,hs_code,"
    "goods_description,packages,gross_weight_kg,cargo_unit_id,cargo_unit_type,seals\n"
)
GOOD = (
    "KUR-0142,ferry,Caspian Trader,IMO 9074729,KZKUR,AZALA,2026-11-20T08:00:00Z,KZB-1001,"
    "ТОО «Каспий Логистик»,Bakı Tranzit MMC,1,100199,Wheat,20,21000,MSCU1234566,container,KZ123\n"
)
# 9999.99 is a statistical placeholder, not a subheading: this goods item must be rejected.
BAD = (
    "KUR-0142,ferry,Caspian Trader,IMO 9074729,KZKUR,AZALA,2026-11-20T08:00:00Z,KZB-1001,"
    "ТОО «Каспий Логистик»,Bakı Tranzit MMC,2,999999,Spare parts,3,150,"
    "MSCU1234566,container,KZ123\n"
)


def test_analyst_uploads_corrects_and_finds(page, analyst, tmp_path):
    manifest = tmp_path / "kur-0142.csv"
    manifest.write_text(HEADER + GOOD + BAD, encoding="utf-8")
    log_in(page, "analyst", "pw-analyst")

    page.goto("/cargo/imports/upload/")
    page.set_input_files("input[type=file]", str(manifest))
    page.click("form.card button[type=submit]")
    expect(page).to_have_url(re.compile(r"/cargo/imports/\d+/$"))
    report = page.inner_text("main")
    assert "csv" in report
    assert "line 3" in report  # the rejected goods item, with its place
    assert "999999" in report

    page.click("text=Correct")
    page.fill("input[name=hs_code]", "847330")
    page.click('main button:has-text("Re-submit")')
    expect(page).to_have_url(re.compile(r"/cargo/imports/\d+/$"))

    page.goto("/cargo/search/?q=MSCU1234566")
    results = page.inner_text("main")
    assert "MSCU1234566" in results

    page.goto("/cargo/voyages/")
    page.click("text=KUR-0142")
    voyage = page.inner_text("main")
    assert "Caspian Trader" in voyage
    assert "847330" in voyage  # the corrected goods item is stored beside the first one
    assert "100199" in voyage

    page.select_option("select[name=language]", "ru")  # the form submits itself on change
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert "Рейсы" in page.inner_text("header")


def test_outsider_sees_nothing_of_another_unit(page, analyst, outsider, tmp_path):
    from portcontrol.cargo.actions import ingest_file

    done = ingest_file(
        unit=analyst.unit, data=(HEADER + GOOD).encode(), name="k.csv", by=analyst, source="web"
    )
    log_in(page, "outsider", "pw-outsider")
    page.goto("/cargo/voyages/")
    assert "KUR-0142" not in page.inner_text("main")
    response = page.goto(f"/cargo/imports/{done.pk}/")
    assert response is not None and response.status == 404
