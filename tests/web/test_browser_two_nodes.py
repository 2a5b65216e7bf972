"""An alert from Kuryk to Alyat in a browser, across two real nodes.

The Kazakh and the Azerbaijani node run as in ``make demo``: each its own server, background
worker, SQLite database and keys, filled by ``demo_node setup`` (no exchange round run). Kuryk's
analyst sends an alert from a task; Alyat's worker-delivered inbox shows it unread; Alyat's
analyst puts it in the queue with one click and acknowledges it; the Azerbaijani border service
sees the alert but cannot queue it; Kuryk's outbox shows the alert read. Drives Debian's
chromium against the two node servers.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from portcontrol.exchange.localnodes import LocalNode, free_port
from tests.web.conftest import log_in

pytestmark = pytest.mark.browser
PASSWORD = "caspian-browser"


def _rows(node: LocalNode, sql: str) -> list[tuple]:
    with sqlite3.connect(node.root / "portcontrol.sqlite3") as connection:
        return connection.execute(sql).fetchall()


def _wait_for(node: LocalNode, sql: str, timeout: float = 60) -> list[tuple]:
    """Rows of the query once it has any: the workers deliver in the background."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = _rows(node, sql)
        if rows:
            return rows
        time.sleep(0.3)
    raise AssertionError(f"{node.node_id}: nothing for {sql}")


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalNode, LocalNode]]:
    root = tmp_path_factory.mktemp("browser-nodes")
    settings = {"PORTCONTROL_DEBUG": "true", "PORTCONTROL_DEMO_PASSWORD": PASSWORD}
    kz = LocalNode("KZ-SRC", root / "kz", free_port(), settings=dict(settings))
    az = LocalNode("AZ-SCC", root / "az", free_port(), settings=dict(settings))
    for node in (kz, az):
        node.ensure_keys()
    try:
        for node, peer, country in ((kz, az, "KZ"), (az, kz, "AZ")):
            node.run("migrate", "--no-input", "-v", "0")
            node.run(
                "demo_node", "setup", "--country", country,
                "--scenario-dir", str(root / "scenario"), "--days", "1", "--seed", "7",
                "--peer-document", str(peer.public_file), "--peer-inbox-url", peer.inbox_url,
            )  # fmt: skip
            node.finish_background_work()
            node.serve()
            node.start_worker()
        yield kz, az
    finally:
        kz.stop()
        az.stop()


def _page(browser: Browser, node: LocalNode) -> Page:
    page = browser.new_context(base_url=node.address).new_page()
    page.set_default_timeout(20_000)
    return page


def test_an_alert_from_kuryk_becomes_a_task_in_alyat_and_is_read(chromium, nodes):
    kz, az = nodes
    (task_pk, label), *_ = _rows(
        kz,
        "select t.id, coalesce(c.identifier, '') from targeting_targetingtask t "
        "join cargo_voyage v on v.id = t.voyage_id "
        "left join cargo_cargounit c on c.id = t.cargo_unit_id "
        "join accounts_unit u on u.id = t.unit_id "
        "where u.code = 'KZKUR' and v.arrival_port = 'AZALA' and t.lane = 'red' "
        "and t.status = 'new' order by t.score desc, t.id",
    )

    # 1. Kuryk's analyst alerts Alyat from the task; the fields come from the assessment.
    kuryk = _page(chromium, kz)
    log_in(kuryk, "kzkur.analyst", PASSWORD)
    kuryk.goto(f"/targeting/tasks/{task_pk}/")
    kuryk.get_by_role("link", name="Send an alert to a partner").click()
    expect(kuryk.locator("main")).to_contain_text("Reasons")
    kuryk.select_option("#id_group", "CASPIAN-FERRY")
    kuryk.get_by_role("button", name="Send the alert").click()
    expect(kuryk.locator("main")).to_contain_text("AZ-SCC")
    (message_id,) = _rows(kz, "select id from exchange_outgoingmessage where kind = 'alert'")[0]
    # Kuryk's worker delivers it over HTTP to Alyat's inbox.
    _wait_for(kz, "select 1 from exchange_delivery where state = 'delivered'")

    # 2. Alyat's analyst sees it unread, and puts it in the queue with one click.
    alyat = _page(chromium, az)
    log_in(alyat, "azala.analyst", PASSWORD)
    messages = alyat.locator("header nav").get_by_role("link", name="Messages (1)")
    messages.click()
    alyat.locator("tr.unread").get_by_role("link").first.click()
    expect(alyat.locator("main")).to_contain_text("KZ-SRC")
    message_page = alyat.url
    alyat.get_by_role("button", name="Add to our queue").click()
    # The task page of Alyat's new task: the alert is its first reason.
    expect(alyat.locator("main")).to_contain_text("is in your queue")
    expect(alyat.locator("main")).to_contain_text("Alert from partner node KZ-SRC")
    if label:
        expect(alyat.locator("h1")).to_contain_text(label)
    # Back on the message: it names the task instead of offering a second one.
    alyat.goto(message_page)
    expect(alyat.get_by_role("button", name="Add to our queue")).to_have_count(0)
    expect(alyat.locator("main")).to_contain_text("This alert is in your queue as")
    alyat.get_by_role("button", name="Acknowledge receipt").click()
    expect(alyat.locator("main")).to_contain_text("acknowledgement is sealed")

    # 3. The Azerbaijani border service, a member of the ferry group, reads the alert but has
    #    no queue to put it in.
    border = _page(chromium, az)
    log_in(border, "azdsx.officer", PASSWORD)
    border.goto("/exchange/inbox/")
    border.locator("tbody tr").get_by_role("link").first.click()
    expect(border.locator("main")).to_contain_text("KZ-SRC")
    expect(border.get_by_role("button", name="Add to our queue")).to_have_count(0)

    # 4. Alyat's acknowledgement reaches Kuryk: the alert is read there.
    _wait_for(kz, "select 1 from exchange_delivery where state = 'read'")
    kuryk.goto(f"/exchange/outbox/{uuid.UUID(message_id)}/")
    expect(kuryk.locator("main")).to_contain_text("Read")
    queued = "select count(*) from accounts_auditentry where action = 'exchange.alert.queued'"
    assert _rows(az, queued) == [(1,)]
