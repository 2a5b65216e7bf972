"""The real engine over stored Caspian ferry voyages: planted threats rise above green."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from portcontrol.core.scenario import generate_caspian

pytestmark = pytest.mark.django_db


def test_stored_scenario_voyages_are_assessed_by_the_real_engine(analyst, monkeypatch):
    from portcontrol.cargo.actions import ingest_file
    from portcontrol.targeting.actions import assess_import
    from portcontrol.targeting.models import Assessment

    scenario = generate_caspian(days=1, seed=3, share=0.3)
    for index, plan in enumerate(scenario.plans[:4]):
        manifest = plan.manifest()
        monkeypatch.setattr("portcontrol.cargo.actions._read", lambda run, m=manifest: m)
        import_run = ingest_file(
            unit=analyst.unit,
            data=f"plan {index}".encode(),
            name=f"{plan.number}.csv",
            by=analyst,
            source="cli",
        )
        run = assess_import(import_run)
        assert run.assessed == (
            len(manifest.consignments) + len(manifest.cargo_units) + len(manifest.persons)
        )
    assert Assessment.objects.filter(is_current=True).exclude(reasons=[]).exists()
    out = io.StringIO()
    call_command("assess", "--unit", "KZKUR", "--format", "json", stdout=out, stderr=io.StringIO())
    printed = json.loads(out.getvalue())
    assert printed and all(row["reasons"] for row in printed)
