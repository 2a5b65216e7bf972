"""Inspection and seizure pages: each half keeps its own list of paths."""

from portcontrol.inspections.urls_inspections import urlpatterns as inspection_urlpatterns
from portcontrol.inspections.urls_seizures import urlpatterns as seizure_urlpatterns

app_name = "inspections"

urlpatterns = [*inspection_urlpatterns, *seizure_urlpatterns]
