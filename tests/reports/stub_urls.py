"""The project's URLs with stand-ins for the inspection and seizure lists reports link to.

The report tests check the links themselves, whether or not the real list pages are installed.
"""

from django.http import HttpResponse
from django.urls import URLResolver, include, path

from portcontrol.web.urls import urlpatterns as project


def stand_in(request, pk=None):  # type: ignore[no-untyped-def]
    return HttpResponse("list")


inspection_pages = (
    [
        path("", stand_in, name="list"),
        path("seizures/", stand_in, name="seizures"),
        path("seizures/<int:pk>/", stand_in, name="seizure"),
    ],
    "inspections",
)

urlpatterns = [
    *(p for p in project if not (isinstance(p, URLResolver) and p.namespace == "inspections")),
    path("inspections/", include(inspection_pages)),
]
