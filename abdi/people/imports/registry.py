"""Dataset files that feature apps add to ``abdi load DIR`` (CONTRACTS §3: "later modules add …").

DESIGN layering: ``people`` imports only ``org`` and ``core``; feature apps import ``people``. So the loader
cannot import, say, ``performance`` to load ``skp.csv``: instead the feature app calls ``register_file`` from
its ``AppConfig.ready`` with the file's ``FileSpec`` (columns, vectorised checks, key, optional set-based
``stage_check``) and its apply step (the set-based write from the staging table). ``load_directory`` loads
the registered files after the roster files (each after the file named by ``after``), in the same single
transaction; a file of ``specs.LATER_MODULE_FILES`` that no app registered is still ignored with a warning.
Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from abdi.people.imports import specs

if TYPE_CHECKING:
    from abdi.people.imports.engine import FileLoad


@dataclass(frozen=True)
class RegisteredFile:
    spec: specs.FileSpec
    apply: Callable[[FileLoad], None]
    after: str
    tables: tuple[str, ...] = ()  # the tables the file writes (analysed after a load)


_FILES: dict[str, RegisteredFile] = {}


def register_file(spec: specs.FileSpec, apply: Callable[[FileLoad], None], *, after: str = "pegawai.csv",
                  tables: tuple[str, ...] = ()) -> None:
    """Add ``spec.name`` to ``abdi load DIR``: loaded after ``after`` (a roster file or a file registered
    earlier), applied by ``apply(file_load)``, writing ``tables`` (their statistics are refreshed after the
    load). Registering the same name again replaces it (idempotent ``ready``)."""
    if spec.name in specs.SPECS:
        raise ValueError(f"{spec.name} is a roster file of the loader itself")
    known = set(specs.LOAD_ORDER) | set(_FILES)
    if after not in known:
        raise ValueError(f"{spec.name}: after={after!r} is neither a roster file nor a registered file")
    _FILES[spec.name] = RegisteredFile(spec, apply, after, tuple(tables))


ROSTER_TABLES = {"instansi.csv": ("org_instansi",), "unor.csv": ("org_unor",), "jabatan.csv": ("org_jabatan",),
                 "pegawai.csv": ("people_pegawai", "people_riwayatpegawai")}


def tables_of(name: str) -> tuple[str, ...]:
    """The tables a dataset file writes."""
    entry = _FILES.get(name)
    return entry.tables if entry else ROSTER_TABLES.get(name, ())


def registered(name: str) -> RegisteredFile | None:
    return _FILES.get(name)


def load_order() -> list[str]:
    """The roster files, then each registered file right after its ``after`` (and after the files registered
    earlier with the same anchor), so a file always comes after what it depends on."""
    order = list(specs.LOAD_ORDER)
    for name, entry in _FILES.items():
        pos = order.index(entry.after) + 1
        while pos < len(order) and order[pos] in _FILES:
            pos += 1
        order.insert(pos, name)
    return order


def spec_of(name: str) -> specs.FileSpec | None:
    if name in specs.SPECS:
        return specs.SPECS[name]
    entry = _FILES.get(name)
    return entry.spec if entry else None
