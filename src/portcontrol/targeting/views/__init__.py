"""Pages of the targeting app: the queue, profiles, watch lists, places, statistics, capacity.

Partner agencies read only the tasks shared with them (:mod:`.shared`).
"""

from portcontrol.targeting.views.places import place_remove, places
from portcontrol.targeting.views.profiles import (
    profile_approve,
    profile_detail,
    profile_dry_run,
    profile_edit,
    profile_retire,
    profile_return,
    profile_submit,
    profiles,
)
from portcontrol.targeting.views.queue import queue, task_action, task_detail, task_share
from portcontrol.targeting.views.shared import shared_task, shared_tasks
from portcontrol.targeting.views.statistics import capacity, statistics
from portcontrol.targeting.views.watchlists import (
    entry_approve_removal,
    entry_edit,
    entry_reject_removal,
    entry_request_removal,
    watch_list_detail,
    watch_list_import,
    watch_list_new,
    watch_lists,
)

__all__ = [
    "capacity",
    "entry_approve_removal",
    "entry_edit",
    "entry_reject_removal",
    "entry_request_removal",
    "place_remove",
    "places",
    "profile_approve",
    "profile_detail",
    "profile_dry_run",
    "profile_edit",
    "profile_retire",
    "profile_return",
    "profile_submit",
    "profiles",
    "queue",
    "statistics",
    "shared_task",
    "shared_tasks",
    "task_action",
    "task_detail",
    "task_share",
    "watch_list_detail",
    "watch_list_import",
    "watch_list_new",
    "watch_lists",
]
