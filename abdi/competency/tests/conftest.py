"""Fixtures: the two-regency world and one user per role (abdi.people.tests.world)."""

from abdi.people.tests.world import fast_passwords, users, world  # noqa: F401
