"""Inspection pages: list, order (from a task or a record), detail, search plan, result."""

from django.urls import URLPattern, path

from portcontrol.inspections.views import inspections as views

urlpatterns: list[URLPattern] = [
    path("", views.inspection_list, name="list"),
    path("order/task/<int:task_pk>/", views.inspection_order_from_task, name="order_from_task"),
    path("order/<str:target>/<int:pk>/", views.inspection_order, name="order"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="edit"),
    path("<int:pk>/start/", views.inspection_start, name="start"),
    path("<int:pk>/areas/new/", views.inspection_area_add, name="area_add"),
    path("<int:pk>/areas/<int:area_pk>/", views.inspection_area_tick, name="area_tick"),
    path("<int:pk>/findings/new/", views.inspection_finding_new, name="finding_new"),
    path("<int:pk>/attachments/new/", views.inspection_attachment_new, name="attachment_new"),
    path("<int:pk>/result/", views.inspection_result, name="result"),
    path("<int:pk>/cancel/", views.inspection_cancel, name="cancel"),
    path("attachments/<int:pk>/", views.inspection_attachment, name="attachment"),
]
