from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "abdi.talent"
    label = "talent"
    verbose_name = "Manajemen talenta"
