"""A manifest is assessed as soon as its import is stored, with the real engine."""

import pytest

from portcontrol.cargo.actions import ingest_file
from portcontrol.targeting.models import Assessment, TargetingTask

pytestmark = pytest.mark.django_db

HEADER = (
    "voyage_number,transport_mode,departure_port,arrival_port,departure_time,document_number,"
    "shipper_name,consignee_name,item_number,hs_code,goods_description,gross_weight_kg,value,"
    "cargo_unit_id,cargo_unit_type\n"
)
ANHYDRIDE = (
    "KUR-7,ferry,KZKUR,AZALA,2026-11-20T08:00:00Z,KZB-7,Arman Trans LLP,Azer Import MMC,1,"
    "291524,Acetic anhydride in drums,2000,3000,MSCU1234566,container\n"
)
WHEAT = (
    "KUR-7,ferry,KZKUR,AZALA,2026-11-20T08:00:00Z,KZB-8,Arman Trans LLP,Azer Import MMC,1,"
    "100199,Wheat,20000,4400,TGHU1234567,container\n"
)


def test_an_ingested_precursor_is_assessed_red_and_queued(analyst):
    ingest_file(unit=analyst.unit, data=(HEADER + ANHYDRIDE + WHEAT).encode(), name="k.csv",
                by=analyst, source="web")
    by_code = {
        a.consignment.hs_code: a
        for a in Assessment.objects.filter(target="consignment", is_current=True)
        .select_related("consignment")
    }
    assert by_code["291524"].lane == "red"
    assert any("precursor" in str(reason).lower() for reason in by_code["291524"].reasons)
    assert by_code["100199"].lane == "green", by_code["100199"].reasons
    task = TargetingTask.objects.get(cargo_unit__identifier="MSCU1234566")
    assert task.lane == "red" and task.status == "new"


def test_a_repeated_import_does_not_assess_again(analyst):
    data = (HEADER + WHEAT).encode()
    ingest_file(unit=analyst.unit, data=data, name="k.csv", by=analyst, source="web")
    count = Assessment.objects.count()
    ingest_file(unit=analyst.unit, data=data, name="k.csv", by=analyst, source="web")
    assert Assessment.objects.count() == count
