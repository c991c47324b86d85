from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "abdi.planning"
    label = "planning"
    verbose_name = "Perencanaan kebutuhan dan redistribusi"
