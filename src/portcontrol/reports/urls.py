from django.urls import path

from portcontrol.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("national/", views.national, name="national"),
    path("monthly/", views.monthly, name="monthly"),
    path("monthly/report.xlsx", views.monthly_xlsx, name="monthly_xlsx"),
    path("monthly/report.pdf", views.monthly_pdf, name="monthly_pdf"),
    path("map/", views.map_page, name="map"),
    path("map/data.json", views.map_data_view, name="map_data"),
]
