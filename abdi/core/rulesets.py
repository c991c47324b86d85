"""Versioned rule sets (``core.RuleSet``): the registry of codes, the version in force on a date, and a new
version's audited write.

A module declares its default rule set in code (``register_default(code, data, validate=..., label=...)``,
from its ``AppConfig.ready``); until someone writes a version, the default is version 0 and applies from any
date. ``validate(data)`` raises ``ValueError`` (an Indonesian message) on a rule set its module cannot use;
``label`` names the rule set for people (Indonesian). Writing a version is an audited change, refused for a code
nobody registered or for data its validator (or the shape of its default) rejects. ``abdi rules`` and
``/api/v1/rules`` are the operator's ways in.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count

from abdi.core.audit import audit_record
from abdi.core.models import AuditEvent, RuleSet

MAX_DEPTH = 20  # nesting of a rule set's JSON (the deepest shipped one has 4 levels)


@dataclass(frozen=True)
class Rules:
    code: str
    version: int  # 0: the default shipped in code
    valid_from: dt.date | None
    data: Any


@dataclass(frozen=True)
class Registered:
    code: str
    default: Any
    validate: Callable[[Any], None] | None
    label: str


@dataclass(frozen=True)
class Version:
    """One version of a rule set as the history shows it (version 0: the default, with no date)."""

    version: int
    valid_from: dt.date | None
    data: Any
    note: str
    author: str  # username, else the command-line label of the audit event ("cli"); "" for the default
    created_at: dt.datetime | None


class UnknownRuleSet(LookupError):
    """No module registered this code."""

    def __init__(self, code: str):
        super().__init__(f"kode aturan tidak dikenal: {code}")
        self.code = code


_REGISTRY: dict[str, Registered] = {}


def register_default(code: str, data: Any, validate: Callable[[Any], None] | None = None, label: str = "") -> None:
    """Declare rule set ``code``: its default (version 0), the validator of a new version, and its label."""
    _REGISTRY[code] = Registered(code, data, validate, label)


def rules_codes() -> list[str]:
    """Every registered code, sorted."""
    return sorted(_REGISTRY)


def rules_registered(code: str) -> Registered:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownRuleSet(code) from None


def _check_json(value: Any, path: str, depth: int = 0) -> None:
    """Plain JSON that every database stores: no NUL in text, no NaN or infinity, a bounded nesting."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{path or 'data'}: bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{path or 'data'}: karakter NUL tidak diizinkan")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{path or 'data'}: teks bukan UTF-8 yang sah (surrogat tunggal)") from None
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{path or 'data'}: angka harus terhingga (bukan NaN/Infinity)")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path or 'data'}: kunci objek harus teks")
            _check_json(key, path, depth + 1)
            _check_json(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_json(item, f"{path}[{i}]", depth + 1)
    elif value is not None and not isinstance(value, bool | int):
        raise ValueError(f"{path or 'data'}: bukan nilai JSON ({type(value).__name__})")


def rules_check(code: str, data: Any, validate: Callable[[Any], None] | None = None) -> None:
    """Refuse ``data`` as a version of ``code``: ``UnknownRuleSet``, or ``ValueError`` with a message saying why
    (the validator's own, e.g. a module's ``RuleSetError``). ``validate`` defaults to the registered one."""
    entry = rules_registered(code)
    _check_json(data, "")
    if isinstance(entry.default, Mapping) and not isinstance(data, Mapping):
        raise ValueError("aturan harus berupa objek JSON ({…}), seperti aturan bawaannya")
    if isinstance(entry.default, list) and not isinstance(data, list):
        raise ValueError("aturan harus berupa daftar JSON ([…]), seperti aturan bawaannya")
    validate = validate or entry.validate
    if validate is None:
        return
    try:
        validate(data)
    except ValueError:
        raise
    except (TypeError, AttributeError, KeyError, IndexError) as exc:  # a shape the validator did not expect
        raise ValueError(f"bentuk aturan tidak sesuai: {type(exc).__name__} {exc}") from exc


def rules_in_force(code: str, on: dt.date) -> Rules:
    """The newest version of ``code`` that starts on or before ``on`` (the shipped default if none)."""
    row = (RuleSet.objects.filter(code=code, valid_from__lte=on).order_by("-valid_from", "-version")
           .values("version", "valid_from", "data").first())
    if row is not None:
        return Rules(code, row["version"], row["valid_from"], row["data"])
    if code not in _REGISTRY:
        raise UnknownRuleSet(code)
    return Rules(code, 0, None, _REGISTRY[code].default)


def rules_version_counts() -> dict[str, int]:
    """code → how many versions were written (the default not counted)."""
    return dict(RuleSet.objects.values("code").annotate(n=Count("id")).values_list("code", "n"))


def rules_history(code: str) -> list[Version]:
    """Every version of a registered ``code``, oldest first, the default (version 0) included."""
    entry = rules_registered(code)
    rows = list(RuleSet.objects.filter(code=code).select_related("created_by").order_by("version"))
    labels = dict(AuditEvent.objects.filter(object_type="rule_set", action="rules.version",
                                            object_id__in=[f"{code}:v{r.version}" for r in rows])
                  .values_list("object_id", "actor_label"))
    out = [Version(0, None, entry.default, "bawaan (dalam kode)", "", None)]
    for r in rows:
        author = r.created_by.username if r.created_by is not None else labels.get(f"{code}:v{r.version}", "")
        out.append(Version(r.version, r.valid_from, r.data, r.note, author, r.created_at))
    return out


def rules_version_add(*, code: str, data: Any, valid_from: dt.date, actor, note: str = "",
                      validate=None, actor_label: str = "") -> RuleSet:
    """Write a new version of ``code`` from ``valid_from``, after ``rules_check`` (``validate`` defaults to the
    registered validator); ``UnknownRuleSet`` for a code nobody registered. ``actor_label`` names a
    command-line actor (``actor=None``) in the audit trail."""
    rules_check(code, data, validate)
    with transaction.atomic():
        last = RuleSet.objects.select_for_update().filter(code=code).order_by("-version").first()
        row = RuleSet.objects.create(code=code, version=(last.version + 1) if last else 1, valid_from=valid_from,
                                     data=data, note=note, created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, actor_label=actor_label, action="rules.version", object_type="rule_set",
                     object_id=f"{code}:v{row.version}",
                     before={"version": last.version, "data": last.data} if last else None,
                     after={"version": row.version, "valid_from": valid_from, "data": data, "note": note})
    return row
