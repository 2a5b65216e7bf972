from django.urls import path

from portcontrol.cargo import views

app_name = "cargo"

urlpatterns = [
    path("voyages/", views.voyages, name="voyages"),
    path("voyages/<int:pk>/", views.voyage_detail, name="voyage"),
    path("cargo-units/<int:pk>/", views.cargo_unit_detail, name="cargo_unit"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("search/", views.search, name="search"),
    path("imports/", views.imports, name="imports"),
    path("imports/upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("quarantine/<int:pk>/", views.quarantine_item, name="quarantine"),
    path("quarantine/<int:pk>/dismiss/", views.quarantine_dismiss, name="quarantine_dismiss"),
    path("templates/manifest.<str:kind>", views.manifest_template, name="manifest_template"),
]
