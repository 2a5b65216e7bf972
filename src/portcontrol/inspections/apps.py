from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "portcontrol.inspections"
    label = "inspections"
    verbose_name = _("Inspections and seizures")

    def ready(self) -> None:
        from portcontrol.accounts.labels import register_action_labels
        from portcontrol.inspections.labels import INSPECTION_ACTION_LABELS

        register_action_labels(INSPECTION_ACTION_LABELS)
