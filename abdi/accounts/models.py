from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in. Roles and scopes are granted separately (accounts app)."""

    nip = models.CharField("NIP", max_length=18, blank=True, default="", db_index=True,
                           help_text="Tautan ke data kepegawaian pengguna sendiri")

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"
