"""Words for the codes of the core: issue codes and canonical field names, in the page language.

The core speaks English and stable codes (``Issue.code``, the canonical field names of
``core.manifest``); it imports no Django, so its messages cannot be translated where they are
made. Pages show the translated explanation of a code from here first and the core's English
message, which names the value at fault, after it. A code missing here is shown as itself.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- canonical field names (core.manifest) -------------------------------------------------------

FIELD_LABELS: dict[str, Promise] = {
    # voyage
    "voyage_number": _("Voyage number"),
    "transport_mode": _("Transport mode"),
    "vessel_name": _("Vessel name"),
    "vessel_imo": _("Vessel IMO number"),
    "carrier": _("Carrier"),
    "departure_port": _("Port of departure"),
    "arrival_port": _("Port of arrival"),
    "transit_ports": _("Transit ports"),
    "departure_time": _("Departure time"),
    "arrival_time": _("Arrival time"),
    # transport document
    "document_number": _("Transport document number"),
    "document_type": _("Transport document type"),
    "loading_port": _("Port of loading"),
    "discharge_port": _("Port of discharge"),
    # parties
    "shipper_name": _("Shipper name"),
    "shipper_address": _("Shipper address"),
    "shipper_country": _("Shipper country"),
    "shipper_tax_id": _("Shipper tax number"),
    "consignee_name": _("Consignee name"),
    "consignee_address": _("Consignee address"),
    "consignee_country": _("Consignee country"),
    "consignee_tax_id": _("Consignee tax number"),
    "notify_name": _("Notify party name"),
    "notify_address": _("Notify party address"),
    "notify_country": _("Notify party country"),
    "notify_tax_id": _("Notify party tax number"),
    # goods item
    "item_number": _("Item number"),
    "hs_code": _("HS code"),
    "goods_description": _("Goods description"),
    "packages": _("Number of packages"),
    "package_type": _("Package type"),
    "gross_weight_kg": _("Gross weight, kg"),
    "net_weight_kg": _("Net weight, kg"),
    "value": _("Value"),
    "currency": _("Currency"),
    "origin_country": _("Country of origin"),
    # cargo unit
    "cargo_unit_id": _("Cargo unit number"),
    "cargo_unit_type": _("Cargo unit type"),
    "size_type": _("Size and type code"),
    "seals": _("Seals"),
    "vehicle_plate": _("Vehicle plate"),
    "is_empty": _("Empty"),
    "cargo_unit_gross_weight_kg": _("Cargo unit gross weight, kg"),
    "stowage_position": _("Stowage position"),
    # person
    "person_role": _("Role on board"),
    "family_name": _("Family name"),
    "given_names": _("Given names"),
    "date_of_birth": _("Date of birth"),
    "nationality": _("Nationality"),
    "gender": _("Gender"),
    "travel_document_type": _("Travel document type"),
    "travel_document_number": _("Travel document number"),
}

# --- issue codes of the core ---------------------------------------------------------------------

ISSUE_LABELS: dict[str, Promise] = {
    # items rejected for a missing field (core.validation)
    "voyage.number_missing": _("Voyage: no voyage number"),
    "consignment.voyage_missing": _("Goods item: no voyage number"),
    "consignment.document_missing": _("Goods item: no transport document number"),
    "cargo_unit.voyage_missing": _("Cargo unit: no voyage number"),
    "cargo_unit.identifier_missing": _("Cargo unit: no number"),
    "person.voyage_missing": _("Person: no voyage number"),
    "person.family_name_missing": _("Person: no family name"),
    "party.name_missing": _("Party: details given without a name, not kept"),
    # records and their repeats
    "record.conflict": _("Repeated record: a different value, the first one is kept"),
    "voyage.times_order": _("Voyage: arrival before departure"),
    "consignment.net_above_gross": _("Goods item: net weight above gross weight"),
    "consignment.duplicate_item": _("Goods item: item number given twice"),
    "cargo_unit.shared_fields": _("Cargo units: details given for several units at once"),
    # identifiers and codes
    "container.check_digit": _("Container number: wrong check digit"),
    "container.format": _("Container number: not in the standard form"),
    "container.cyrillic_letters": _("Container number: Cyrillic letters read as Latin"),
    "container.cyrillic_lookalike": _("Container number: Cyrillic look-alike letters"),
    "container.letter_digit_confusion": _("Container number: a letter and a digit confused"),
    "hs.invalid": _("HS code: not a valid code"),
    "hs.unknown": _("HS code: not in the HS 2022 nomenclature"),
    "hs.previous_edition": _("HS code: from the previous edition of HS"),
    "hs.leading_zero": _("HS code: lost leading zero restored"),
    "hs.trailing_zero": _("HS code: lost trailing zero restored"),
    "locode.unknown": _("Location: not in UN/LOCODE, kept as given"),
    "country.unknown": _("Country: unknown country code"),
    "currency.unknown": _("Currency: unknown currency code"),
    "imo.check_digit": _("IMO number: wrong check digit"),
    "imo.invalid": _("IMO number: not valid"),
    "tax_id.invalid": _("Tax number: not valid for the country"),
    "gender.unknown": _("Gender: unknown value, kept as given"),
    # whole files (ReadError) and their layout
    "file.unreadable": _("File: cannot be read"),
    "file.empty": _("File: empty"),
    "file.binary": _("File: binary data, not a manifest"),
    "file.encoding": _("File: text encoding not recognised"),
    "file.format": _("File: format not known"),
    "file.misnamed": _("File: the name does not match the contents"),
    "file.not_a_manifest": _("File: not a manifest"),
    "file.too_large": _("File: too large"),
    "internal": _("Internal error of PortControl"),
    "zip.damaged": _("Archive: damaged"),
    "zip.encrypted": _("Archive: encrypted"),
    "zip.bomb": _("Archive: unpacks to too much data"),
    "zip.too_many_entries": _("Archive: too many files inside"),
    "xml.dtd": _("Workbook: declarations that are not allowed"),
    "xlsx.damaged": _("Workbook: damaged"),
    "xlsx.not_workbook": _("Workbook: not an XLSX workbook"),
    "csv.syntax": _("CSV: broken quoting"),
    "table.unknown": _("Table: no manifest columns found"),
    "table.missing_columns": _("Table: required columns missing"),
    "table.unknown_columns": _("Table: unknown columns ignored"),
    "table.duplicate_columns": _("Table: repeated columns ignored"),
    "table.too_wide": _("Table: too many columns"),
    "table.surplus_cells": _("Table: extra cells ignored"),
    "table.cell_too_long": _("Table: a cell is too long"),
    "table.unknown_sheet": _("Workbook: sheet ignored"),
    "json.syntax": _("JSON: not valid"),
    "json.too_deep": _("JSON: nested too deeply"),
    "json.too_long": _("JSON: a text is too long"),
    "json.number_too_long": _("JSON: a number is too long"),
    "json.not_wco": _("JSON: not a WCO Data Model declaration"),
    "json.type": _("JSON: a value of the wrong type ignored"),
    "json.unit": _("JSON: a mass not in kilograms ignored"),
    "json.no_goods": _("JSON: consignment without goods items"),
    "edifact.not_bytes": _("UN/EDIFACT: not read as bytes"),
    "edifact.not_edifact": _("UN/EDIFACT: not an interchange"),
    "edifact.unreadable": _("UN/EDIFACT: cannot be read"),
    "edifact.encoding": _("UN/EDIFACT: text encoding not recognised"),
    "edifact.utf16": _("UN/EDIFACT: text in a two-byte encoding"),
    "edifact.una": _("UN/EDIFACT: invalid service characters"),
    "edifact.charset": _("UN/EDIFACT: the declared character set does not match"),
    "edifact.truncated": _("UN/EDIFACT: the file is cut short"),
    "edifact.no_message": _("UN/EDIFACT: no message in the interchange"),
    "edifact.unknown_message": _("UN/EDIFACT: message type not supported"),
    "edifact.message_type": _("UN/EDIFACT: message of another type skipped"),
    "edifact.unb_missing": _("UN/EDIFACT: no interchange header"),
    "edifact.unb_repeated": _("UN/EDIFACT: second interchange header ignored"),
    "edifact.unz_missing": _("UN/EDIFACT: no interchange trailer"),
    "edifact.unt_missing": _("UN/EDIFACT: message without its trailer"),
    "edifact.une_missing": _("UN/EDIFACT: group without its trailer"),
    "edifact.stray_una": _("UN/EDIFACT: service string advice in the middle ignored"),
    "edifact.stray_une": _("UN/EDIFACT: group trailer without a group ignored"),
    "edifact.stray_unt": _("UN/EDIFACT: message trailer without a message ignored"),
    "edifact.outside_message": _("UN/EDIFACT: segment outside any message ignored"),
    "edifact.after_unz": _("UN/EDIFACT: segments after the end ignored"),
    "edifact.segment_count": _("UN/EDIFACT: segment count does not match"),
    "edifact.message_reference": _("UN/EDIFACT: message references differ"),
    "edifact.group_count": _("UN/EDIFACT: message count of the group does not match"),
    "edifact.group_reference": _("UN/EDIFACT: group references differ"),
    "edifact.interchange_count": _("UN/EDIFACT: count of the interchange does not match"),
    "edifact.interchange_reference": _("UN/EDIFACT: interchange references differ"),
    "edifact.control_total": _("UN/EDIFACT: control total does not match"),
    "edifact.voyage_number": _("UN/EDIFACT: no voyage number, message reference used"),
    "edifact.location_code_list": _("UN/EDIFACT: location from another code list"),
    "edifact.weight_unit": _("UN/EDIFACT: unknown weight unit"),
    "edifact.gid_outside_cni": _("UN/EDIFACT: goods item outside a consignment ignored"),
    "edifact.second_eqd": _("UN/EDIFACT: second container in one stowage cell ignored"),
    "edifact.stowage_without_equipment": _("UN/EDIFACT: stowage cell without a container"),
    # watch list files (core.screening.sources, ReadError)
    "ftm.encoding": _("Watch list file: text encoding not recognised"),
    "ftm.json": _("Watch list file: a line is not a JSON object"),
    "xml.doctype": _("Watch list file: declarations that are not allowed"),
    "xml.malformed": _("Watch list file: broken markup"),
    "xml.empty": _("Watch list file: no list in the file"),
    "unsc.root": _("Watch list file: not a UN Security Council consolidated list"),
}

# Codes the core completes with a field name ("gross_weight_kg.negative"): the fields each
# checker of core.validation serves, and the explanation, with the field's label put in.
NUMBER_FIELDS = (
    "packages",
    "item_number",
    "gross_weight_kg",
    "net_weight_kg",
    "value",
    "cargo_unit_gross_weight_kg",
)
TIME_FIELDS = ("departure_time", "arrival_time")
DATE_FIELDS = ("date_of_birth",)
CHOICE_FIELDS = ("transport_mode", "document_type", "cargo_unit_type", "is_empty", "person_role")

NOT_A_NUMBER = _("%(field)s: not a number")
NEGATIVE = _("%(field)s: a negative number")
NOT_A_TIME = _("%(field)s: not a readable date and time")
NOT_A_DATE = _("%(field)s: not a readable date")
NOT_KNOWN = _("%(field)s: unknown value, the default is taken")
NOT_VALID = _("%(field)s: not valid")

FIELD_ISSUE_LABELS: dict[str, Promise] = {
    **{f"{name}.invalid": NOT_A_NUMBER for name in NUMBER_FIELDS},
    **{f"{name}.negative": NEGATIVE for name in NUMBER_FIELDS},
    **{f"{name}.invalid": NOT_A_TIME for name in TIME_FIELDS},
    **{f"{name}.invalid": NOT_A_DATE for name in DATE_FIELDS},
    **{f"{name}.unknown": NOT_KNOWN for name in CHOICE_FIELDS},
}
# A field code of a field not listed above (a checker serving a new field) still reads well.
SUFFIX_LABELS: dict[str, Promise] = {
    "invalid": NOT_VALID,
    "negative": NEGATIVE,
    "unknown": NOT_KNOWN,
}


def field_label(name: str) -> str:
    """The label of a canonical field name in the active language; other names as given."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name


def has_issue_label(code: str) -> bool:
    """Whether a code has an explanation of its own (not the fallback to the code itself)."""
    if code in ISSUE_LABELS or code in FIELD_ISSUE_LABELS:
        return True
    field, _dot, suffix = code.rpartition(".")
    return field in FIELD_LABELS and suffix in SUFFIX_LABELS


def issue_label(code: str) -> str:
    """The short explanation of an issue code in the active language; the code when unknown."""
    label = ISSUE_LABELS.get(code)
    if label is not None:
        return str(label)
    field, _dot, suffix = code.rpartition(".")
    template = FIELD_ISSUE_LABELS.get(code)
    if template is None and field in FIELD_LABELS:
        template = SUFFIX_LABELS.get(suffix)
    if template is None:
        return code
    return str(template) % {"field": field_label(field)}
