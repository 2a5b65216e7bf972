from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "portcontrol.exchange"
    label = "exchange"
    verbose_name = _("Exchange with partner nodes")

    def ready(self) -> None:
        from portcontrol.accounts.labels import register_action_labels
        from portcontrol.exchange.labels import EXCHANGE_ACTION_LABELS

        register_action_labels(EXCHANGE_ACTION_LABELS)
