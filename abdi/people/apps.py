from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "abdi.people"
    label = "people"
    verbose_name = "Pegawai"
