"""The examples in the reports modules' docstrings hold (pytest collects doctests of core only)."""

from __future__ import annotations

import doctest

import pytest
from django.utils import translation

from portcontrol.reports import charts, figures, mapdata
from portcontrol.web import periods


@pytest.mark.parametrize("module", [charts, figures, mapdata, periods])
def test_docstring_examples(module):
    # The examples are in English: whatever language an earlier test left active.
    with translation.override("en"):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
