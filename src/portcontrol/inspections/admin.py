"""The Django admin: inspections read-only for administrators (actions change them, audited)."""

from django.contrib import admin

from portcontrol.cargo.admin import ReadOnlyAdmin
from portcontrol.inspections.models import Attachment, Finding, Inspection, SearchArea


class SearchAreaInline(admin.TabularInline):
    model = SearchArea
    fields = ("kind", "name", "searched", "searched_by", "searched_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "unit", "kind", "target", "status", "result", "ordered_at")
    list_filter = ("status", "kind", "result", "unit")
    search_fields = ("cargo_unit__identifier", "voyage__number", "person__family_name")
    raw_id_fields = ("task", "voyage", "consignment", "cargo_unit", "person")
    inlines = (SearchAreaInline,)


@admin.register(SearchArea)
class SearchAreaAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "inspection", "kind", "searched", "searched_by", "searched_at")
    list_filter = ("kind", "searched")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "inspection", "kind", "area", "recorded_by", "recorded_at")
    list_filter = ("kind",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    # The file itself is not linked: its storage has no public URL, the inspection page serves it.
    list_display = ("original_name", "inspection", "kind", "content_type", "size", "uploaded_at")
    list_filter = ("kind", "content_type")
    search_fields = ("original_name", "sha256")
    exclude = ("file",)
