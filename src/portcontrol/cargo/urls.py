from django.urls import path

from portcontrol.cargo import views

app_name = "cargo"

urlpatterns = [
    path("voyages/", views.voyages, name="voyages"),
    path("search/", views.voyages, name="search"),
    path("imports/", views.voyages, name="imports"),
]
