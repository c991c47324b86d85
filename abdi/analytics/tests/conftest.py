"""Fixtures: the two-regency world and one user per role (abdi.people.tests.world), and that world with its
aggregates built."""

import pytest
from django.test import Client

from abdi.analytics.services import refresh
from abdi.people.tests.world import fast_passwords, users, world  # noqa: F401


@pytest.fixture
def refreshed(world, users):  # noqa: F811
    refresh()
    return world


def client_for(user) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client
