from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetingConfig(AppConfig):
    name = "portcontrol.targeting"
    label = "targeting"
    verbose_name = _("Targeting")

    def ready(self) -> None:
        from portcontrol.accounts.labels import register_action_labels
        from portcontrol.targeting.labels import TARGETING_ACTION_LABELS

        register_action_labels(TARGETING_ACTION_LABELS)
        from portcontrol.cargo.signals import import_stored
        from portcontrol.targeting.receivers import assess_stored_import

        import_stored.connect(assess_stored_import, dispatch_uid="targeting.assess_stored_import")
