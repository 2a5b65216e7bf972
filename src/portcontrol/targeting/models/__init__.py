"""Models of the targeting app: risk profiles, watch lists, assessments and the queue."""

from portcontrol.targeting.models.assessments import Assessment
from portcontrol.targeting.models.profiles import RiskProfile, RiskProfileVersion
from portcontrol.targeting.models.tasks import TargetingTask, TaskEvent, UnitCapacity
from portcontrol.targeting.models.watchlists import WatchList, WatchListEntry

__all__ = [
    "Assessment",
    "RiskProfile",
    "RiskProfileVersion",
    "TargetingTask",
    "TaskEvent",
    "UnitCapacity",
    "WatchList",
    "WatchListEntry",
]
