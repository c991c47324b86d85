"""Bulk loading of dataset directories and SIASN exports (CONTRACTS §3, §3b, §4).

``source``, ``checks`` and ``specs`` are pure (no Django); ``engine``, ``staging``, ``tree`` and ``siasn`` talk
to the database. The package itself imports nothing eagerly, so the pure modules stay importable alone.
"""

__all__ = ["LoadReport", "load_directory"]


def __getattr__(name: str):
    if name in __all__:
        from abdi.people.imports import engine

        return getattr(engine, name)
    raise AttributeError(name)
