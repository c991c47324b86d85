"""Celery application. Workers: ``celery -A abdi worker``; without a broker, tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
app = Celery("abdi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
