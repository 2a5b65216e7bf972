"""The Caspian scenario that the engine tests assess, built once per test module."""

import pytest

from portcontrol.core.scenario import generate_caspian


@pytest.fixture(scope="module")
def scenario():
    return generate_caspian(days=3, seed=3)


@pytest.fixture(scope="module")
def manifests(scenario):
    return [plan.manifest() for plan in scenario.plans]
