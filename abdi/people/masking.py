"""Hiding birth dates from roles that may not see them (UU 27/2022, DESIGN: personal data).

A NIP begins with its holder's birth date (``YYYYMMDD``), so for those roles the NIP is shown masked and
links and cursors carry an opaque reference instead: ``employee_ref`` encrypts the NIP with a keyed
Feistel permutation (HMAC-SHA256 rounds, key derived from ``SECRET_KEY``), so the reference reveals
nothing and ``nip_from_ref`` recovers the NIP on the server.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache

from django.utils.crypto import salted_hmac

MASK = "********"
_NIP_RE = re.compile(r"^\d{18}$")
_REF_RE = re.compile(r"^r[0-9a-f]{16}$")
_ROUNDS = 8
_HALF = 0xFFFFFFFF


def mask_nip(nip: str) -> str:
    """``198609262015051001`` → ``********2015051001``: the birth-date digits hidden."""
    return MASK + nip[8:] if len(nip) > 8 else MASK[: len(nip)]


def nip_as_seen_by(user, nip: str) -> str:
    """A NIP as ``user`` may see it: whole for roles with personal data and for their own, else with the
    birth-date digits masked (UU 27/2022)."""
    access = getattr(user, "access", None)
    return nip if nip and access is not None and access.may_see_personal(nip) else mask_nip(nip or "")


def is_nip(text: str) -> bool:
    return bool(_NIP_RE.match(text))


@lru_cache(maxsize=4)
def _key(secret_marker: str) -> bytes:  # noqa: ARG001 - cache per SECRET_KEY
    return salted_hmac("abdi.people.masking.employee_ref", "feistel-key").digest()


def _round_fn(key: bytes, rnd: int, half: int) -> int:
    digest = hmac.new(key, bytes([rnd]) + half.to_bytes(4, "big"), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


def _current_key() -> bytes:
    from django.conf import settings

    return _key(hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest())


def employee_ref(nip: str) -> str:
    """Opaque, stable reference of an 18-digit NIP (``r`` + 16 hex digits)."""
    if not is_nip(nip):
        raise ValueError("not an 18-digit NIP")
    key = _current_key()
    value = int(nip)
    left, right = value >> 32, value & _HALF
    for rnd in range(_ROUNDS):
        left, right = right, left ^ _round_fn(key, rnd, right)
    return f"r{(left << 32) | right:016x}"


def nip_from_ref(ref: str) -> str | None:
    """The NIP behind ``employee_ref``'s output, or ``None`` if ``ref`` is not one."""
    if not _REF_RE.match(ref):
        return None
    key = _current_key()
    value = int(ref[1:], 16)
    left, right = value >> 32, value & _HALF
    for rnd in reversed(range(_ROUNDS)):
        left, right = right ^ _round_fn(key, rnd, left), left
    value = (left << 32) | right
    if value >= 10**18:
        return None
    return f"{value:018d}"


def nip_from_key(key: str) -> str | None:
    """The NIP behind what a link or a user gave: the NIP itself or an ``employee_ref``; else ``None``."""
    key = (key or "").strip()
    return key if is_nip(key) else nip_from_ref(key)
