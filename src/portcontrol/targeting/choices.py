"""Labelled constants of targeting; lanes, threats and targets mirror ``core.risk.reasons``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.choices import Role


class Lane(models.TextChoices):
    RED = "red", _("Red: physical inspection")
    YELLOW = "yellow", _("Yellow: documentary check")
    BLUE = "blue", _("Blue: post-clearance audit")
    GREEN = "green", _("Green: release")


# Lanes that send someone to look: selection to capacity applies to these.
INSPECTION_LANES = (Lane.RED, Lane.YELLOW, Lane.BLUE)
LANE_SEVERITY = {Lane.RED: 3, Lane.YELLOW: 2, Lane.BLUE: 1, Lane.GREEN: 0}


class Threat(models.TextChoices):
    DRUGS = "drugs", _("Drugs")
    PRECURSORS = "precursors", _("Precursor chemicals")
    FIREARMS = "firearms", _("Firearms and weapons")
    WMD = "wmd", _("WMD, strategic and dual-use goods")
    NUCLEAR = "nuclear", _("Nuclear and radioactive material")
    CIGARETTES = "cigarettes", _("Cigarettes")
    COUNTERFEITS = "counterfeits", _("Counterfeits")
    WILDLIFE = "wildlife", _("Wildlife")
    REVENUE = "revenue", _("Revenue fraud")
    OTHER = "other", _("Other")


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class WatchListKind(models.TextChoices):
    PERSON = "person", _("People")
    COMPANY = "company", _("Companies")
    VEHICLE = "vehicle", _("Vehicles (plates)")
    CONTAINER = "container", _("Containers")
    VESSEL = "vessel", _("Vessels (IMO)")


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING_REMOVAL = "pending_removal", _("Removal waiting for approval")
    REMOVED = "removed", _("Removed")


class TargetKind(models.TextChoices):
    CONSIGNMENT = "consignment", _("Consignment")
    CARGO_UNIT = "cargo_unit", _("Cargo unit")
    PERSON = "person", _("Person")


class TaskStatus(models.TextChoices):
    NEW = "new", _("New")
    CLAIMED = "claimed", _("Claimed")
    ISSUED = "issued", _("Inspection ordered")
    # Translators: state of a finished task; the button is in context "task action".
    COMPLETE = "complete", _("Complete")


class TaskResult(models.TextChoices):
    POSITIVE = "positive", _("Positive: something found")
    NEGATIVE = "negative", _("Negative: nothing found")


class ReasonKind(models.TextChoices):
    PROFILE = "profile", _("Risk profile")
    INDICATOR = "indicator", _("Indicator")
    WATCH_LIST = "watch_list", _("Watch list")
    MODEL = "model", _("Model")
    RANDOM = "random", _("Random selection")
    ALERT = "alert", _("Partner alert")


class ImportFormat(models.TextChoices):
    UN_SC = "un_sc", _("UN Security Council consolidated list (XML)")
    FTM = "ftm", _("FollowTheMoney / OpenSanctions (JSON lines)")


# Roles that write risk profiles and watch lists; supervisors alone approve.
PROFILE_ROLES = frozenset({Role.ANALYST, Role.SUPERVISOR})
APPROVER_ROLES = frozenset({Role.SUPERVISOR})
# Roles that work the targeting queue: claim, order and record inspections.
TASK_ROLES = frozenset({Role.OFFICER, Role.ANALYST, Role.SUPERVISOR})

# Capacity used until a supervisor sets the unit's own.
DEFAULT_CAPACITY = {Lane.RED: 10, Lane.YELLOW: 20, Lane.BLUE: 20}
DEFAULT_RANDOM_SHARE = 0.05
