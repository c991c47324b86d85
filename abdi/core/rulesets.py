"""Versioned rule sets (``core.RuleSet``): the version in force on a date, and a new version's audited write.

A module declares its default rule set in code (``register_default(code, data)``); until someone writes a
version, the default is version 0 and applies from any date. Writing a version is an audited change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from abdi.core.audit import audit_record
from abdi.core.models import RuleSet

_DEFAULTS: dict[str, Any] = {}


@dataclass(frozen=True)
class Rules:
    code: str
    version: int  # 0: the default shipped in code
    valid_from: dt.date | None
    data: Any


def register_default(code: str, data: Any) -> None:
    _DEFAULTS[code] = data


def rules_in_force(code: str, on: dt.date) -> Rules:
    """The newest version of ``code`` that starts on or before ``on`` (the shipped default if none)."""
    row = (RuleSet.objects.filter(code=code, valid_from__lte=on).order_by("-valid_from", "-version")
           .values("version", "valid_from", "data").first())
    if row is not None:
        return Rules(code, row["version"], row["valid_from"], row["data"])
    if code not in _DEFAULTS:
        raise LookupError(f"no rule set '{code}'")
    return Rules(code, 0, None, _DEFAULTS[code])


def rules_version_add(*, code: str, data: Any, valid_from: dt.date, actor, note: str = "",
                      validate=None) -> RuleSet:
    """Write a new version of ``code`` from ``valid_from`` (``validate(data)`` raises on a bad rule set)."""
    if validate is not None:
        validate(data)
    with transaction.atomic():
        last = RuleSet.objects.select_for_update().filter(code=code).order_by("-version").first()
        row = RuleSet.objects.create(code=code, version=(last.version + 1) if last else 1, valid_from=valid_from,
                                     data=data, note=note, created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action="rules.version", object_type="rule_set", object_id=f"{code}:v{row.version}",
                     before={"version": last.version, "data": last.data} if last else None,
                     after={"version": row.version, "valid_from": valid_from, "data": data, "note": note})
    return row
