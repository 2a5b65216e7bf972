from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "portcontrol.web"
    label = "web"
