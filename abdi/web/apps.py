from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "abdi.web"
    label = "web"
    verbose_name = "Antarmuka web"
