"""The Django admin: targeting data read-only for administrators (actions change it, audited)."""

from django.contrib import admin

from portcontrol.cargo.admin import ReadOnlyAdmin
from portcontrol.targeting.models import (
    Assessment,
    HighRiskPlace,
    RiskProfile,
    RiskProfileVersion,
    TargetingTask,
    UnitCapacity,
    UnitValueNorm,
    WatchList,
    WatchListEntry,
)


@admin.register(RiskProfile)
class RiskProfileAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "agency", "unit", "status", "version", "author", "approver")
    list_filter = ("status", "threat", "agency")
    search_fields = ("code", "name")


@admin.register(RiskProfileVersion)
class RiskProfileVersionAdmin(ReadOnlyAdmin):
    list_display = ("profile", "number", "changed_by", "at")


@admin.register(WatchList)
class WatchListAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "agency", "unit", "source")


@admin.register(WatchListEntry)
class WatchListEntryAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "watch_list", "status", "expires_on", "added_by")
    list_filter = ("status", "watch_list")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "unit", "score", "lane", "is_current", "assessed_at")
    list_filter = ("lane", "is_current")


@admin.register(TargetingTask)
class TargetingTaskAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "unit", "status", "lane", "score", "assignee", "is_random")
    list_filter = ("status", "lane", "is_random")


@admin.register(UnitCapacity)
class UnitCapacityAdmin(ReadOnlyAdmin):
    list_display = ("unit", "lane", "per_day", "random_share")


@admin.register(HighRiskPlace)
class HighRiskPlaceAdmin(ReadOnlyAdmin):
    list_display = ("code", "reason", "lane", "agency", "unit", "added_by", "removed_at")
    list_filter = ("lane", "agency")


@admin.register(UnitValueNorm)
class UnitValueNormAdmin(ReadOnlyAdmin):
    list_display = ("unit", "fitted_at", "days", "lines", "codes")
