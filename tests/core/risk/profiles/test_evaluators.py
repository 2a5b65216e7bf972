"""The compiled Polars expressions and the record-by-record interpreter always agree."""

from datetime import UTC, date, datetime

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portcontrol.core.risk.frame import CONSIGNMENT_COLUMNS
from portcontrol.core.risk.profiles import Context, format, parse, predicate, select
from portcontrol.core.risk.profiles.context import EMPTY
from portcontrol.core.risk.profiles.language import (
    Among,
    Compare,
    Contains,
    Has,
    Indicator,
    Missing,
    Not,
    OnWatchList,
    StartsWith,
    all_of,
    any_of,
)

CASPIAN_CRITERIA = [
    'hs_code in ["2915.21", "291524", "2844"] and not consignee contains any ["khim*", "хим*"]',
    'description contains any ["кислот*", "acid", "ЯБЛОК*"] or description ~ "toma"',
    'route country in ["TM"] and value per kg > 20 or route has any ["AZBAK", "KZAAU"]',
    'departure_time >= 2025-03-04 and cargo_unit_kind = "CONTAINER"',
    'shipper name starts with any ["too", "ип"] and packages not in [1, 2, 3]',
    'hs != "87" and weight_per_package > 20 and transit_ports is missing',
    'origin_country != "TR" and size_type is not missing and currency in ["usd", "EUR"]',
    'description contains all ["paper", "napkins"] or notify_name is not missing',
    'party on watchlist "POI" or indicator "unit_value_low" and arrival_port = "azala"',
    'issue_codes has "container.check_digit" or cargo_unit_ids has any ["X"]',
]


def _agree(tree, frame, context=EMPTY):
    compiled = select(tree, frame, context).to_list()
    check = predicate(tree, context)
    interpreted = [check(record) for record in frame.iter_rows(named=True)]
    assert compiled == interpreted, format(tree)
    return sum(compiled)


def test_both_evaluators_agree_on_the_caspian_week(caspian):
    _, frame = caspian
    context = Context(
        watch_list_hits={"POI": set(range(0, 6000, 7))},
        indicator_hits={"unit_value_low": set(range(0, 6000, 5))},
    )
    selected = [_agree(parse(text), frame, context) for text in CASPIAN_CRITERIA]
    assert all(0 < count < frame.height for count in selected[:-1]), selected


# random frames and random criteria ---------------------------------------------------------

WORDS = [
    "acid",
    "acetic",
    "anhydride",
    "Кислота",
    "уксусная",
    "ангидрид",
    "ТОО",
    "ёлка",
    "Şirvan",
    "Қағаз",
    "FAK",
    "99",
    "toys",
    "ip",
]
HS = ["291521", "291524", "2915", "950300", "930320", "2844", "28", None]
PORTS = ["AZBAK", "KZAAU", "TMKRW", "AFKBL", "IRBND", None]
COUNTRIES = ["AF", "AZ", "KZ", "TR", "af", None]
KINDS = ["container", "trailer", "rail_wagon", None]
SEPARATORS = [" ", ", ", "-", " (", "/", "  "]

texts = st.one_of(
    st.none(),
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=4).map(
        lambda parts: "".join(word + separator for word, separator in parts).strip()
    ),
)
numbers = st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)))
counts = st.one_of(st.none(), st.integers(0, 12))
times = st.one_of(
    st.none(),
    st.datetimes(datetime(2025, 2, 27), datetime(2025, 3, 4)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
)


@st.composite
def records(draw, line_id):
    return {
        "line_id": line_id,
        "hs_code": draw(st.sampled_from(HS)),
        "description": draw(texts),
        "shipper_name": draw(texts),
        "origin_country": draw(st.sampled_from(COUNTRIES[:-2] + [None])),
        "departure_port": draw(st.sampled_from(PORTS)),
        "arrival_port": draw(st.sampled_from(PORTS)),
        "loading_port": draw(st.sampled_from(PORTS)),
        "transit_ports": draw(
            st.one_of(st.none(), st.lists(st.sampled_from(PORTS[:-1]), max_size=2))
        ),
        "packages": draw(counts),
        "gross_weight_kg": draw(numbers),
        "value_per_kg": draw(numbers),
        "departure_time": draw(times),
        "cargo_unit_kind": draw(st.sampled_from(KINDS)),
    }


@st.composite
def frames(draw):
    rows = [draw(records(line_id)) for line_id in range(draw(st.integers(1, 12)))]
    data = {name: [row.get(name) for row in rows] for name in CONSIGNMENT_COLUMNS}
    return pl.DataFrame(data, schema=CONSIGNMENT_COLUMNS)


def _text(field):
    return st.sampled_from(WORDS + ["acetic anhydride", "кислота уксус*", "ан*", "toy*"]).map(
        lambda term: term
    )


leaves = st.one_of(
    st.builds(Compare, st.just("hs_code"), st.sampled_from(["=", "!="]), st.sampled_from(HS[:-1])),
    st.builds(
        Among,
        st.just("hs_code"),
        st.lists(st.sampled_from(HS[:-1]), min_size=1, max_size=3).map(tuple),
        st.booleans(),
    ),
    st.builds(
        StartsWith,
        st.just("hs_code"),
        st.lists(st.sampled_from(["29", "2915", "95"]), min_size=1, max_size=2).map(tuple),
    ),
    st.builds(
        Compare,
        st.sampled_from(["packages", "gross_weight_kg", "value_per_kg", "weight_per_package"]),
        st.sampled_from(["=", "!=", "<", "<=", ">", ">="]),
        st.one_of(
            st.integers(0, 12), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1))
        ),
    ),
    st.builds(
        Among,
        st.just("packages"),
        st.lists(st.integers(0, 12), min_size=1, max_size=3).map(tuple),
        st.booleans(),
    ),
    st.builds(
        Compare,
        st.just("departure_time"),
        st.sampled_from(["=", "<", ">="]),
        st.dates(date(2025, 2, 27), date(2025, 3, 4)),
    ),
    st.builds(
        Compare,
        st.sampled_from(["origin_country", "cargo_unit_kind", "shipper_name"]),
        st.sampled_from(["=", "!=", "<", ">="]),
        st.sampled_from(["AF", "kz", "Container", "toys"]),
    ),
    st.builds(
        Among,
        st.sampled_from(["origin_country", "cargo_unit_kind"]),
        st.lists(st.sampled_from(["AF", "az", "TRAILER", "container"]), min_size=1, max_size=3).map(
            tuple
        ),
        st.booleans(),
    ),
    st.builds(
        Contains,
        st.sampled_from(["description", "shipper_name"]),
        st.lists(_text(None), min_size=1, max_size=3).map(tuple),
        st.booleans(),
    ),
    st.builds(
        StartsWith,
        st.sampled_from(["description", "shipper_name"]),
        st.lists(st.sampled_from(["тоо", "acid", "ki", "şir"]), min_size=1, max_size=2).map(tuple),
    ),
    st.builds(
        Has,
        st.sampled_from(["route", "transit_ports"]),
        st.lists(st.sampled_from(PORTS[:-1]), min_size=1, max_size=2).map(tuple),
    ),
    st.builds(
        Among,
        st.just("route_country"),
        st.lists(st.sampled_from(["AF", "az", "KZ"]), min_size=1, max_size=2).map(tuple),
    ),
    st.builds(
        Missing,
        st.sampled_from(
            [
                "hs_code",
                "description",
                "packages",
                "departure_time",
                "transit_ports",
                "route",
                "weight_per_package",
            ]
        ),
        st.booleans(),
    ),
    st.builds(OnWatchList, st.sampled_from(["POI", "EMPTY"])),
    st.builds(Indicator, st.just("unit_value_low")),
)
trees = st.recursive(
    leaves,
    lambda inner: st.one_of(
        inner.map(Not),
        st.lists(inner, min_size=2, max_size=3).map(lambda items: all_of(*items)),
        st.lists(inner, min_size=2, max_size=3).map(lambda items: any_of(*items)),
    ),
    max_leaves=8,
)
CONTEXT = Context(watch_list_hits={"POI": {0, 3, 5}}, indicator_hits={"unit_value_low": {1, 2}})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees, frame=frames())
def test_both_evaluators_agree_on_random_criteria_over_random_frames(tree, frame):
    _agree(tree, frame, CONTEXT)


@settings(max_examples=300, deadline=None)
@given(tree=trees)
def test_random_trees_round_trip_through_their_text(tree):
    assert parse(format(tree)) == tree
