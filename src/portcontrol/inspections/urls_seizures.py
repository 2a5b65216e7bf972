"""Seizure pages: list and exports, record (from an inspection or direct), detail, history,
correction, handover, PDF."""

from django.urls import URLPattern, path

from portcontrol.inspections.views import seizures

urlpatterns: list[URLPattern] = [
    path("seizures/", seizures.seizures, name="seizures"),
    path("seizures/export/<str:fmt>/", seizures.seizures_export, name="seizures_export"),
    path("seizures/new/", seizures.seizure_new_direct, name="seizure_new_direct"),
    path("<int:inspection_pk>/seizures/new/", seizures.seizure_new, name="seizure_new"),
    path("seizures/<int:pk>/", seizures.seizure_detail, name="seizure"),
    path("seizures/<int:pk>/history/", seizures.seizure_history, name="seizure_history"),
    path("seizures/<int:pk>/correct/", seizures.seizure_correct, name="seizure_correct"),
    path("seizures/<int:pk>/custody/", seizures.seizure_custody, name="seizure_custody"),
    path("seizures/<int:pk>/report.pdf", seizures.seizure_pdf, name="seizure_pdf"),
]
