"""Models of the targeting app: risk profiles, watch lists, assessments and the queue."""

from portcontrol.targeting.models.assessments import Assessment
from portcontrol.targeting.models.history import HighRiskPlace, KnownParty, UnitValueNorm
from portcontrol.targeting.models.profiles import RiskProfile, RiskProfileVersion
from portcontrol.targeting.models.tasks import TargetingTask, TaskEvent, UnitCapacity
from portcontrol.targeting.models.watchlists import WatchList, WatchListEntry

__all__ = [
    "Assessment",
    "HighRiskPlace",
    "KnownParty",
    "RiskProfile",
    "RiskProfileVersion",
    "TargetingTask",
    "TaskEvent",
    "UnitCapacity",
    "UnitValueNorm",
    "WatchList",
    "WatchListEntry",
]
