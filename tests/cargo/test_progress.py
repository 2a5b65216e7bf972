"""An import records how many items it has read, for the progress shown on its page."""

import pytest
from django.urls import reverse

from portcontrol.cargo.actions import ingest_file
from tests.core.test_progress import csv_of

pytestmark = pytest.mark.django_db


def test_items_read_are_counted_on_the_import(analyst):
    done = ingest_file(unit=analyst.unit, data=csv_of(3000), name="m.csv", by=analyst,
                       source="web")
    done.refresh_from_db()
    assert done.items_read == 3000
    assert done.counts["consignments"] == 3000


def test_the_progress_fragment_shows_the_items_read(client_for, analyst):
    done = ingest_file(unit=analyst.unit, data=csv_of(30), name="m.csv", by=analyst,
                       source="web")
    type(done).objects.filter(pk=done.pk).update(status="running", items_read=1234)
    response = client_for(analyst).get(reverse("cargo:import_progress", args=[done.pk]))
    assert response.status_code == 200
    assert "1234 items read" in response.content.decode()
