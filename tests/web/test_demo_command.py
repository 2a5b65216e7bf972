"""`portcontrol demo_node setup` fills a node with the demo; twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from portcontrol.cargo.models import Import, Voyage
from portcontrol.inspections.models import Inspection, Seizure
from portcontrol.targeting.models import RiskProfile, TargetingTask

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """The demo's photos are written under the test's own folder, never the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


def run_demo(scenario_dir) -> str:
    out = io.StringIO()
    call_command(
        "demo_node",
        "setup",
        "--country",
        "all",
        "--scenario-dir",
        str(scenario_dir),
        "--days",
        "1",
        "--seed",
        "7",
        stdout=out,
    )
    return out.getvalue()


def test_demo_ingests_the_scenario_into_each_port_unit_and_prints_the_logins(tmp_path):
    printed = run_demo(tmp_path / "scenario")
    assert "Password for every demo user" in printed
    for username in ("kzkur.analyst", "azala.supervisor", "kzbs.officer", "admin"):
        assert username in printed
    units_with_voyages = set(Voyage.objects.values_list("unit__code", flat=True))
    assert {"KZKUR", "AZALA"} <= units_with_voyages
    assert not Import.objects.filter(status="failed").exists()
    # The demo rules are active before the imports, so the queues are not empty.
    assert TargetingTask.objects.filter(unit__code="KZKUR", lane="red").exists()
    assert RiskProfile.objects.filter(status="active").count() == 12  # 6 per customs service


def test_running_the_demo_twice_imports_nothing_new(tmp_path):
    run_demo(tmp_path / "scenario")
    counts = [model.objects.count() for model in (Import, Voyage, Inspection, Seizure)]
    assert counts[2] and counts[3]  # the demo's inspection work is there
    printed = run_demo(tmp_path / "scenario")
    assert "already imported" in printed
    assert "inspections already recorded" in printed
    assert [model.objects.count() for model in (Import, Voyage, Inspection, Seizure)] == counts
