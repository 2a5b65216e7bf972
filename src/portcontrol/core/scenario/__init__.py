"""Scenario generator: realistic ferry traffic with planted high-risk items and their answers.

>>> from portcontrol.core.scenario import generate_caspian
>>> scenario = generate_caspian(days=1, seed=3)
>>> scenario.plans[0].voyage.transport_mode.value
'ferry'
"""

from __future__ import annotations

from portcontrol.core.scenario.caspian import Scenario, generate_caspian, write_scenario

__all__ = ["Scenario", "generate_caspian", "write_scenario"]
