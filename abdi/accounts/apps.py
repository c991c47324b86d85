from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "abdi.accounts"
    label = "accounts"
    verbose_name = "Akun"
