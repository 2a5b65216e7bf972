"""Feedback to partner nodes: inspection results, seizure notices, watch-list entries shared."""

from django.urls import URLPattern, path

from portcontrol.exchange import views_feedback as views

urlpatterns: list[URLPattern] = [
    path("inspections/<int:pk>/send/", views.inspection_send, name="feedback_inspection_send"),
    path("watch-list-entries/<int:pk>/share/", views.entry_share, name="feedback_entry_share"),
]
