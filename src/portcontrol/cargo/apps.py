from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CargoConfig(AppConfig):
    name = "portcontrol.cargo"
    label = "cargo"
    verbose_name = _("Cargo and manifests")
