"""First seen: new parties fire without a lane; known ones, across scripts, do not."""

from portcontrol.core.risk.indicators import IndicatorContext, known_parties_from, party_keys
from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of


def test_party_known_under_another_script_and_legal_form_is_not_new():
    history = consignments({"shipper_name": "ТОО «Арман Пак»", "shipper_country": "KZ"})
    context = IndicatorContext(known_parties=known_parties_from(history))
    lines = consignments(
        {"shipper_name": "Arman Pak LLP", "shipper_country": "KZ"},
        {"shipper_name": "Arman Pak LLP", "shipper_country": "KZ",
         "consignee_name": "Kokshe Reagent TOO", "consignee_country": "KZ"},
    )  # fmt: skip
    hits = hits_of("first_seen", lines, context)
    assert lane_of(hits, 0) is None
    assert lane_of(hits, 1) == "none"
    assert "consignee 'Kokshe Reagent TOO' (KZ) seen for the first time" == hits.item(0, "label")


def test_tax_id_makes_a_renamed_party_known():
    keys = set(party_keys("Old Name LLC", "AZ", "1234567891"))
    lines = consignments(
        {"shipper_name": "New Name LLC", "shipper_country": "AZ", "shipper_tax_id": "1234567891"}
    )
    assert hits_of("first_seen", lines, IndicatorContext(known_parties=keys)).is_empty()


def test_no_history_means_no_hits():
    lines = consignments({"shipper_name": "Anyone"})
    assert hits_of("first_seen", lines, IndicatorContext()).is_empty()
