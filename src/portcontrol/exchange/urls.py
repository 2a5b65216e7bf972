from django.urls import include, path

from portcontrol.exchange import views

app_name = "exchange"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.incoming_detail, name="incoming"),
    path("inbox/<int:pk>/read/", views.incoming_read, name="incoming_read"),
    path("inbox/<int:pk>/acknowledge/", views.incoming_acknowledge, name="incoming_acknowledge"),
    path("inbox/<int:pk>/to-task/", views.incoming_to_task, name="incoming_to_task"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<uuid:pk>/", views.outgoing_detail, name="outgoing"),
    path("compose/task/<int:task_pk>/", views.compose_task_alert, name="compose_task_alert"),
    path("compose/request/", views.compose_request, name="compose_request"),
    path("rejected/", views.rejected, name="rejected"),
    path("admin/", include("portcontrol.exchange.urls_admin")),
    path("groups/", include("portcontrol.exchange.urls_groups")),
    path("feedback/", include("portcontrol.exchange.urls_feedback")),
]
