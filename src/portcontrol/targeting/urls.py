from django.urls import path

from portcontrol.targeting import views

app_name = "targeting"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    # Before the task actions, whose pattern would take "share" for an action.
    path("tasks/<int:pk>/share/", views.task_share, name="task_share"),
    path("tasks/<int:pk>/<str:action>/", views.task_action, name="task_action"),
    path("shared/", views.shared_tasks, name="shared_tasks"),
    path("shared/<int:pk>/", views.shared_task, name="shared_task"),
    path("profiles/", views.profiles, name="profiles"),
    path("profiles/new/", views.profile_edit, name="profile_new"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile"),
    path("profiles/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/submit/", views.profile_submit, name="profile_submit"),
    path("profiles/<int:pk>/approve/", views.profile_approve, name="profile_approve"),
    path("profiles/<int:pk>/return/", views.profile_return, name="profile_return"),
    path("profiles/<int:pk>/retire/", views.profile_retire, name="profile_retire"),
    path("profiles/<int:pk>/dry-run/", views.profile_dry_run, name="profile_dry_run"),
    path("watch-lists/", views.watch_lists, name="watch_lists"),
    path("watch-lists/new/", views.watch_list_new, name="watch_list_new"),
    path("watch-lists/<int:pk>/", views.watch_list_detail, name="watch_list"),
    path("watch-lists/<int:list_pk>/entries/new/", views.entry_edit, name="entry_new"),
    path("watch-lists/<int:pk>/import/", views.watch_list_import, name="watch_list_import"),
    path("entries/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/request-removal/", views.entry_request_removal, name="entry_remove"),
    path("entries/<int:pk>/approve-removal/", views.entry_approve_removal, name="entry_approve"),
    path("entries/<int:pk>/keep/", views.entry_reject_removal, name="entry_keep"),
    path("places/", views.places, name="places"),
    path("places/<int:pk>/remove/", views.place_remove, name="place_remove"),
    path("statistics/", views.statistics, name="statistics"),
    path("capacity/", views.capacity, name="capacity"),
]
