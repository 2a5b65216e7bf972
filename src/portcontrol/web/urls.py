"""Top-level URLs: one include per domain app, the API under /api/."""

from django.contrib import admin
from django.urls import include, path

from portcontrol.accounts.urls import auth_urlpatterns
from portcontrol.web import views
from portcontrol.web.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("portcontrol.accounts.urls")),
    path("cargo/", include("portcontrol.cargo.urls")),
    path("targeting/", include("portcontrol.targeting.urls")),
    path("inspections/", include("portcontrol.inspections.urls")),
    path("reports/", include("portcontrol.reports.urls")),
    path("exchange/", include("portcontrol.exchange.urls")),
    path("api/", api.urls),
]
