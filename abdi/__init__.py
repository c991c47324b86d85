# The Celery app is loaded with Django, so that ``shared_task`` uses Abdi's configuration (eager without a
# broker) in every process, not only in workers.
from abdi.celery import app as celery_app

__all__ = ("celery_app",)
