"""The Django admin for administrators: imports and records, read-only (actions change them)."""

from django.contrib import admin
from django.http import HttpRequest

from portcontrol.cargo.models import (
    CargoUnit,
    Consignment,
    Import,
    ImportFile,
    Party,
    Person,
    QuarantineItem,
    TransportDocument,
    Voyage,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records come from files and are changed only through audited actions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ImportFile)
class ImportFileAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "unit", "size", "source", "uploaded_by", "uploaded_at")
    list_filter = ("unit", "source")
    search_fields = ("original_name", "sha256")


@admin.register(Import)
class ImportAdmin(ReadOnlyAdmin):
    list_display = ("id", "file", "unit", "format", "status", "warning_count", "created_at")
    list_filter = ("unit", "status", "format")
    list_select_related = ("file", "unit")


@admin.register(QuarantineItem)
class QuarantineItemAdmin(ReadOnlyAdmin):
    list_display = ("id", "import_run", "kind", "place", "status")
    list_filter = ("unit", "kind", "status")
    list_select_related = ("import_run__file",)


@admin.register(Voyage)
class VoyageAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "unit",
        "vessel_name",
        "imo",
        "departure_port",
        "arrival_port",
        "arrival_time",
    )
    list_filter = ("unit", "transport_mode")
    search_fields = ("number", "vessel_name", "imo")


@admin.register(TransportDocument)
class TransportDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "version", "is_current", "voyage", "kind")
    list_filter = ("unit", "is_current")
    search_fields = ("number",)
    list_select_related = ("voyage",)


@admin.register(CargoUnit)
class CargoUnitAdmin(ReadOnlyAdmin):
    list_display = ("identifier", "kind", "vehicle_plate", "voyage")
    list_filter = ("unit", "kind")
    search_fields = ("identifier", "vehicle_plate")
    list_select_related = ("voyage",)


@admin.register(Consignment)
class ConsignmentAdmin(ReadOnlyAdmin):
    list_display = ("document", "item_number", "hs_code", "description", "gross_weight_kg")
    list_filter = ("unit",)
    search_fields = ("hs_code", "description")
    list_select_related = ("document",)


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    list_display = ("name", "role", "country", "tax_id", "voyage")
    list_filter = ("unit", "role")
    search_fields = ("name_search", "tax_id")
    list_select_related = ("voyage",)


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("family_name", "given_names", "role", "nationality", "vehicle_plate", "voyage")
    list_filter = ("unit", "role")
    search_fields = ("name_search", "document_number", "vehicle_plate")
    list_select_related = ("voyage",)
