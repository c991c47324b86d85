"""Bulk loading of dataset directories and SIASN exports (CONTRACTS §3, §3b, §4)."""

from abdi.people.imports.engine import LoadReport, load_directory

__all__ = ["LoadReport", "load_directory"]
