"""One Caspian week shared by the profile tests."""

import pytest

from portcontrol.core.risk.frame import consignment_frame
from portcontrol.core.scenario import generate_caspian


@pytest.fixture(scope="session")
def caspian():
    """The scenario and its consignment frame."""
    scenario = generate_caspian(days=7, seed=1)
    return scenario, consignment_frame(plan.manifest() for plan in scenario.plans)
