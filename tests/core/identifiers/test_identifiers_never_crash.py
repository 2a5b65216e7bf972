"""Arbitrary text gives a value or one of our exceptions, never anything else."""

from hypothesis import given, settings
from hypothesis import strategies as st

from portcontrol.core.identifiers import (
    InvalidIdentifier,
    bin,
    container,
    country,
    hs,
    iin,
    imo,
    locode,
    parse_datetime,
    parse_quantity,
    parse_weight,
    voen,
)

VALIDATORS = [
    container.validate,
    container.check,
    imo.validate,
    hs.check,
    locode.validate,
    country.validate,
    voen.validate,
    iin.validate,
    bin.validate,
    parse_datetime,
    parse_quantity,
]
# Characters that matter to the parsers, mixed into arbitrary text.
NEAR_MISSES = st.text(alphabet="0123456789 .,-:/ОСМUJZRIMOKZKUR+Tz\u00a0", max_size=20)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=30), NEAR_MISSES))
def test_validators_raise_only_our_exceptions(value):
    for validate in VALIDATORS:
        try:
            validate(value)
        except InvalidIdentifier:
            pass


@given(st.text(max_size=20), st.text(max_size=6))
def test_weights_raise_only_our_exceptions(value, unit):
    try:
        parse_weight(value, unit)
    except InvalidIdentifier:
        pass


@given(st.text(max_size=30))
def test_lookups_never_raise(value):
    assert hs.describe(value) is None or isinstance(hs.describe(value), str)
    assert locode.lookup(value) is None or locode.lookup(value).code == locode.compact(value)
