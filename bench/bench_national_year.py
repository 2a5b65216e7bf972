"""A national year in PostgreSQL: how fast the pages officers use most answer, in how many queries.

The data set: one customs administration with four units, 1,000,000 consignments over a year of
ferry voyages, selected tasks with their assessments, 20,000 inspections and 2,000 seizures
(scaled down proportionally when fewer lines are asked for).

Building it takes minutes, so it is built once into its own database (``portcontrol_bench`` on
the server of ``DATABASE_URL``, else on 127.0.0.1:5432) and reused while its size matches;
``BENCH_REBUILD=1`` builds it again. Then each page is requested in-process by a supervisor
through Django's test client: the time is server time (no network), the queries are counted.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

DATABASE = "portcontrol_bench"
AGENCY = "BENCH-YEAR"
UNIT_CODES = ("BYKUR", "BYAAU", "BYALA", "BYBAK")
PORTS = {"BYKUR": "KZKUR", "BYAAU": "KZAAU", "BYALA": "AZALA", "BYBAK": "AZBAK"}
PARTNER_PORT = {"KZKUR": "AZALA", "KZAAU": "AZBAK", "AZALA": "KZKUR", "AZBAK": "KZAAU"}
CONSIGNMENTS_PER_VOYAGE = 200
VOYAGES_PER_IMPORT = 50
HS_CODES = ("870323", "401110", "080810", "220300", "940360", "721420", "291524", "930200")
CATEGORIES = ("drugs", "precursors", "weapons", "tobacco", "counterfeits", "currency", "other")
CONCEALMENTS = ("misdeclared", "false_compartment", "vehicle_cavity", "mixed_with_cargo")
REPEATS = 5


def _server_url() -> str:
    return os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"


def _bench_url() -> str:
    base = _server_url()
    return base.rsplit("/", 1)[0] + "/" + DATABASE


def _ensure_database() -> None:
    """Create the benchmark's own database beside the one in DATABASE_URL if it is missing."""
    import psycopg

    with psycopg.connect(
        _server_url().replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not exists:
            c.execute(f'CREATE DATABASE "{DATABASE}"')


def _setup() -> None:
    import tempfile

    _ensure_database()
    os.environ["DATABASE_URL"] = _bench_url()
    os.environ.setdefault("PORTCONTROL_DEBUG", "true")
    os.environ.setdefault(
        "PORTCONTROL_MEDIA_ROOT", tempfile.mkdtemp(prefix="portcontrol-bench-files-")
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portcontrol.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _sizes(lines: int) -> dict[str, int]:
    """Inspections and seizures in the issue's proportion to consignments (2 % and 0.2 %)."""
    return {
        "consignments": lines,
        "tasks": lines // 25,
        "inspections": lines // 50,
        "seizures": lines // 500,
    }


def _existing(lines: int) -> bool:
    """True when the database already holds a data set of this size."""
    from portcontrol.accounts.models import Agency

    agency = Agency.objects.filter(code=AGENCY).first()
    return agency is not None and agency.name == f"Benchmark year {lines}"


def _wipe() -> None:
    """Empty every table of the benchmark database (it holds nothing else)."""
    from django.db import connection

    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{name}"' for name in tables) + " CASCADE")


def _manifest(unit_code: str, first_voyage: int, voyages: int, start: datetime) -> Any:
    """Records of ``voyages`` ferry voyages of a unit, each with CONSIGNMENTS_PER_VOYAGE lines."""
    from stdnum import iso6346

    from portcontrol.core import records

    manifest = records.Manifest(format="csv")
    port = PORTS[unit_code]
    for offset in range(voyages):
        number = first_voyage + offset
        leaves = start + timedelta(hours=2 * number)
        voyage_number = f"{unit_code}-{number:06d}"
        manifest.voyages.append(
            records.Voyage(
                voyage_number,
                records.TransportMode.FERRY,
                vessel_name="Professor Gul",
                imo="9321483",
                departure_port=PARTNER_PORT[port],
                arrival_port=port,
                departure_time=leaves,
                arrival_time=leaves + timedelta(hours=18),
            )
        )
        for item in range(CONSIGNMENTS_PER_VOYAGE // 2):
            serial = number * CONSIGNMENTS_PER_VOYAGE + item
            document = f"{unit_code}B{serial:09d}"
            manifest.documents.append(
                records.TransportDocument(
                    document,
                    voyage_number,
                    loading_port=PARTNER_PORT[port],
                    discharge_port=port,
                )
            )
            manifest.parties.append(
                records.Party(
                    records.PartyRole.CONSIGNEE,
                    f"Trader {serial % 997} LLP",
                    document,
                    country="KZ",
                )
            )
            body = f"BNCU{serial % 1_000_000:06d}"
            container = body + iso6346.calc_check_digit(body)
            manifest.cargo_units.append(
                records.CargoUnit(container, voyage_number, size_type="45G1")
            )
            for line in (1, 2):
                manifest.consignments.append(
                    records.Consignment(
                        document,
                        line,
                        HS_CODES[(serial + line) % len(HS_CODES)],
                        "Goods of the benchmark",
                        packages=10,
                        package_type="CT",
                        gross_weight_kg=Decimal(1000 + serial % 9000),
                        value=Decimal(5000 + serial % 50_000),
                        currency="USD",
                        origin_country="KZ",
                        cargo_unit_ids=[container],
                    )
                )
    return manifest


def _store_cargo(units: list[Any], consignments: int) -> None:
    """Store the year's voyages per unit through the product's own writer (COPY on PostgreSQL)."""
    from django.db import transaction

    from portcontrol.cargo.models import Import, ImportFile
    from portcontrol.cargo.store import store_manifest

    per_unit = consignments // len(units)
    voyages_per_unit = max(1, per_unit // CONSIGNMENTS_PER_VOYAGE)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for unit in units:
        for first in range(0, voyages_per_unit, VOYAGES_PER_IMPORT):
            count = min(VOYAGES_PER_IMPORT, voyages_per_unit - first)
            manifest = _manifest(unit.code, first, count, start)
            with transaction.atomic():
                file = ImportFile.objects.create(
                    unit=unit,
                    sha256=hashlib.sha256(f"{unit.code}-{first}".encode()).hexdigest(),
                    size=0,
                    original_name=f"{unit.code}-{first}.csv",
                    source="cli",
                    storage_path="",
                )
                run = Import.objects.create(file=file, unit=unit, format="csv", status="done")
                store_manifest(manifest, import_run=run)
            # The manifest arrived some hours before the first of its ferries left.
            Import.objects.filter(pk=run.pk).update(
                created_at=start + timedelta(hours=2 * first - 6)
            )


def _users(units: list[Any]) -> dict[str, Any]:
    from portcontrol.accounts.models import User

    people: dict[str, Any] = {}
    for unit in units:
        for role in ("officer", "analyst", "supervisor"):
            people[f"{unit.code}-{role}"] = User.objects.create_user(
                f"{unit.code.lower()}-{role}", password=None, role=role, unit=unit
            )
    return people


def _selections(units: list[Any], sizes: dict[str, int], people: dict[str, Any]) -> None:
    """Tasks with assessments, inspections of half of them, seizures of a tenth of those."""
    from portcontrol.cargo.models import Consignment
    from portcontrol.inspections.models import Inspection, Seizure
    from portcontrol.targeting.models import Assessment, TargetingTask, TaskEvent

    chooser = random.Random(2026)
    per_unit_tasks = sizes["tasks"] // len(units)
    per_unit_inspections = sizes["inspections"] // len(units)
    per_unit_seizures = sizes["seizures"] // len(units)
    for unit in units:
        officer = people[f"{unit.code}-officer"]
        picked = list(
            Consignment.objects.filter(unit=unit)
            .order_by("id")
            .values_list("id", "document__voyage_id", "document__voyage__departure_time")[
                :: max(1, 25)
            ][:per_unit_tasks]
        )
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    unit=unit,
                    voyage_id=voyage_id,
                    target="consignment",
                    consignment_id=consignment_id,
                    score=60 + index % 40,
                    lane="red" if index % 3 else "yellow",
                    threat="drugs",
                    reasons=[
                        {
                            "kind": "profile",
                            "key": f"P{index % 40}",
                            "label": f"Profile {index % 40}",
                            "score": 60,
                            "lane": "red",
                            "threat": "drugs",
                            "detail": "",
                        }
                    ],
                    engine_version="bench",
                )
                for index, (consignment_id, voyage_id, _) in enumerate(picked)
            ],
            batch_size=5000,
        )
        tasks = TargetingTask.objects.bulk_create(
            [
                TargetingTask(
                    unit=unit,
                    voyage_id=voyage_id,
                    target="consignment",
                    consignment_id=consignment_id,
                    assessment=assessment,
                    lane=assessment.lane,
                    score=assessment.score,
                    threat="drugs",
                    status="complete" if index < per_unit_inspections else "new",
                    result=(
                        ("positive" if index < per_unit_seizures * 2 else "negative")
                        if index < per_unit_inspections
                        else ""
                    ),
                    assignee=officer if index < per_unit_inspections else None,
                    is_random=index % 20 == 0,
                    selected_at=departure - timedelta(hours=3),
                )
                for index, ((consignment_id, voyage_id, departure), assessment) in enumerate(
                    zip(picked, assessments, strict=True)
                )
            ],
            batch_size=5000,
        )
        TaskEvent.objects.bulk_create(
            [
                TaskEvent(task=task, actor=officer, action="completed", status="complete")
                for task in tasks[:per_unit_inspections]
            ],
            batch_size=5000,
        )
        inspections = Inspection.objects.bulk_create(
            [
                Inspection(
                    unit=unit,
                    task=task,
                    target="consignment",
                    voyage_id=task.voyage_id,
                    consignment_id=task.consignment_id,
                    kind=chooser.choice(("physical", "scanner", "documentary", "dog")),
                    status="done",
                    result=(
                        "seizure"
                        if index < per_unit_seizures
                        else "discrepancy"
                        if index < per_unit_seizures * 2
                        else "nothing_found"
                    ),
                    ordered_by=officer,
                    started_at=task.selected_at + timedelta(hours=1),
                    finished_at=task.selected_at + timedelta(hours=2),
                )
                for index, task in enumerate(tasks[:per_unit_inspections])
            ],
            batch_size=5000,
        )
        Inspection.team.through.objects.bulk_create(
            [
                Inspection.team.through(inspection_id=inspection.pk, user_id=officer.pk)
                for inspection in inspections
            ],
            batch_size=5000,
        )
        Seizure.objects.bulk_create(
            [
                Seizure(
                    unit=unit,
                    inspection=inspection,
                    reference=f"{unit.code}-2025-{index + 1:05d}",
                    seized_at=inspection.finished_at,
                    place=PORTS[unit.code],
                    category=CATEGORIES[index % len(CATEGORIES)],
                    drug_type="heroin" if CATEGORIES[index % len(CATEGORIES)] == "drugs" else "",
                    description="Benchmark seizure",
                    quantity=Decimal(1 + index % 50),
                    quantity_unit="kg",
                    estimated_value=Decimal(10_000 + index),
                    currency="USD",
                    concealment=CONCEALMENTS[index % len(CONCEALMENTS)],
                    voyage_id=inspection.voyage_id,
                    departure=PARTNER_PORT[PORTS[unit.code]],
                    destination=PORTS[unit.code],
                    recorded_by=officer,
                )
                for index, inspection in enumerate(inspections[:per_unit_seizures])
            ],
            batch_size=5000,
        )


def build(lines: int) -> float:
    """Build the data set of ``lines`` consignments; the seconds it took."""
    from django.db import connection

    from portcontrol.accounts.models import Agency, Unit

    started = time.perf_counter()
    _wipe()
    agency = Agency.objects.create(
        code=AGENCY, name="Benchmark building", country="KZ", kind="customs"
    )
    units = [
        Unit.objects.create(code=code, name=f"{code} PCU", agency=agency, locode=PORTS[code])
        for code in UNIT_CODES
    ]
    people = _users(units)
    _store_cargo(units, lines)
    _selections(units, _sizes(lines), people)
    with connection.cursor() as cursor:
        # Rows written in bulk got "now" as their creation time: give them the year's times.
        cursor.execute(
            "UPDATE inspections_inspection SET ordered_at = started_at - interval '30 minutes'"
        )
        cursor.execute(
            "UPDATE targeting_taskevent AS e SET at = t.selected_at + interval '2 hours'"
            " FROM targeting_targetingtask AS t WHERE e.task_id = t.id"
        )
        cursor.execute("UPDATE inspections_seizure SET recorded_at = seized_at")
        cursor.execute("ANALYZE")
    agency.name = f"Benchmark year {lines}"
    agency.save(update_fields=["name"])
    return time.perf_counter() - started


# The whole year of the data set: dashboards and lists over all of it, not an empty month.
YEAR = "from=2025-01-01&to=2025-12-31"


def _pages() -> list[tuple[str, str, dict[str, Any], str]]:
    """(name, URL name, kwargs, query) of the pages to time; the task is the queue's first."""
    from portcontrol.targeting.models import TargetingTask

    task = TargetingTask.objects.filter(unit__code=UNIT_CODES[0]).order_by("-score", "id").first()
    assert task is not None
    return [
        ("queue", "targeting:queue", {}, ""),
        ("queue, whole year, all statuses", "targeting:queue", {}, f"{YEAR}&status=all"),
        ("task", "targeting:task", {"pk": task.pk}, ""),
        ("dashboard, whole year", "reports:dashboard", {}, YEAR),
        ("national dashboard, whole year", "reports:national", {}, YEAR),
        ("seizure list", "inspections:seizures", {}, ""),
        ("inspection list", "inspections:list", {}, ""),
        ("inspection list, whole year", "inspections:list", {}, YEAR),
    ]


def _counted(client: Any, url: str) -> tuple[float, float]:
    """The inspections and seizures a dashboard counted: over an empty period it proves nothing.

    Read from the page's context, which Django's test instrumentation keeps (not timed).
    """
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        board = client.get(url).context["board"]
    finally:
        teardown_test_environment()
    return board.inspections.value, board.seizures.value


def measure_pages() -> dict[str, Any]:
    """Each page REPEATS times after a warm-up: median and worst server ms, query count."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from portcontrol.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=f"{UNIT_CODES[0].lower()}-supervisor"))
    figures: dict[str, Any] = {}
    for name, url_name, kwargs, query in _pages():
        try:
            url = reverse(url_name, kwargs=kwargs) + (f"?{query}" if query else "")
        except NoReverseMatch:
            figures[name] = "page missing"
            continue
        client.get(url)
        timings = []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
        figures[name] = {
            "status": response.status_code,
            "median_ms": round(statistics.median(timings), 1),
            "worst_ms": round(max(timings), 1),
            "queries": len(queries),
        }
        if url_name.startswith("reports:"):
            figures[f"{name}: inspections, seizures counted"] = _counted(client, url)
    return figures


def run(lines: int) -> dict[str, Any]:
    try:
        _setup()
    except Exception as error:  # noqa: BLE001 - no server: say so instead of a figure
        return {"skipped": f"no PostgreSQL to build the year in: {error}"}
    from django.db import connection

    from portcontrol.cargo.models import Consignment
    from portcontrol.inspections.models import Inspection, Seizure

    build_seconds = None
    if os.environ.get("BENCH_REBUILD") or not _existing(lines):
        build_seconds = round(build(lines), 1)
    return {
        "database": f"{connection.vendor} {DATABASE}",
        "built_now_seconds": build_seconds,
        "rows": {
            "consignments": Consignment.objects.count(),
            "inspections": Inspection.objects.count(),
            "seizures": Seizure.objects.count(),
        },
        "pages": measure_pages(),
        "target": "each page < 300 ms server time, bounded queries",
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000), indent=2))
