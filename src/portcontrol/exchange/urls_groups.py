"""Closed user group pages: what members posted to a group, within this node and beyond."""

from django.urls import path

from portcontrol.exchange import views_groups

urlpatterns = [
    path("", views_groups.groups, name="groups"),
    path("<str:code>/", views_groups.group, name="group"),
]
