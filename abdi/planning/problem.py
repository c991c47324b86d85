"""Redistribution problem files (CONTRACTS §9): read and validate a problem directory, write the moves. Pure.

A file with only its header row, or with no bytes at all, is empty. A file that is absent is an error (a
misspelt name would otherwise pass as an empty problem). A UTF-8 byte-order mark is accepted; extra columns
are ignored; cells are trimmed. Line numbers are physical lines of the file, the header being line 1.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from abdi.planning.optimizer import Arc, Move, Seat

KANDIDAT, KAPASITAS, KURSI, BUSUR = "kandidat.csv", "kapasitas_asal.csv", "kursi.csv", "busur.csv"
COLUMNS = {
    KANDIDAT: ("nip", "unor_asal"),
    KAPASITAS: ("unor_asal", "maks_keluar"),
    KURSI: ("kursi_id", "kekurangan", "prioritas"),
    BUSUR: ("nip", "kursi_id", "biaya"),
}
MOVES_HEADER = ("nip", "kursi_id", "biaya")
_INTEGER = re.compile(r"[0-9]+")


class ProblemError(ValueError):
    """Malformed input, located by file, physical line (header = 1; 0: the whole file) and column (or None)."""

    def __init__(self, file: str, line: int, column: str | None, reason: str):
        self.file, self.line, self.column, self.reason = file, line, column, reason
        where = file + (f" baris {line}" if line else "") + (f", kolom {column}" if column else "")
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Problem:
    candidates: dict[str, str]  # nip -> unor_asal
    capacities: dict[str, int]  # unor_asal -> maks_keluar
    seats: dict[str, Seat]  # kursi_id -> Seat
    arcs: tuple[Arc, ...]


def _rows(directory: Path, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(physical line, {column: trimmed value}) per data row; checks the file exists and has the columns."""
    path = directory / name
    if not path.is_file():
        raise ProblemError(name, 0, None, f"berkas tidak ada di {directory}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemError(name, line, None, "bukan teks UTF-8") from exc
    if not text.strip():
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
        position = {}
        for i, column in enumerate(header):
            if column in position:
                raise ProblemError(name, 1, column, "kolom ganda")
            position[column] = i
        for column in COLUMNS[name]:
            if column not in position:
                raise ProblemError(name, 1, column, "kolom tidak ada")
        wanted = [(column, position[column]) for column in COLUMNS[name]]
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank line
            values = {}
            for column, i in wanted:
                if i >= len(row):
                    raise ProblemError(name, reader.line_num, column, "nilai tidak ada (baris terlalu pendek)")
                values[column] = row[i].strip()
            yield reader.line_num, values
    except csv.Error as exc:
        raise ProblemError(name, reader.line_num, None, f"CSV rusak: {exc}") from exc


def _key(name: str, line: int, column: str, value: str) -> str:
    if not value:
        raise ProblemError(name, line, column, "nilai kosong")
    return value


def _integer(name: str, line: int, column: str, value: str, minimum: int) -> int:
    if not _INTEGER.fullmatch(value):
        kind = "bilangan bulat ≥ 1" if minimum == 1 else "bilangan bulat tidak negatif"
        raise ProblemError(name, line, column, f"harus {kind}, bukan {value!r}")
    number = int(value)
    if number < minimum:
        raise ProblemError(name, line, column, f"harus ≥ {minimum}, bukan {number}")
    return number


def _unique(seen: dict, key, name: str, line: int, column: str) -> None:
    if key in seen:
        raise ProblemError(name, line, column, f"kunci ganda {key!r} (pertama di baris {seen[key]})")
    seen[key] = line


def read_problem(directory: str | os.PathLike) -> Problem:
    """The problem in ``directory``; raises ProblemError at the first malformed cell."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ProblemError(str(directory), 0, None, "direktori masalah tidak ada")

    candidates: dict[str, str] = {}
    lines: dict = {}
    for line, row in _rows(directory, KANDIDAT):
        nip = _key(KANDIDAT, line, "nip", row["nip"])
        _unique(lines, nip, KANDIDAT, line, "nip")
        candidates[nip] = _key(KANDIDAT, line, "unor_asal", row["unor_asal"])

    capacities: dict[str, int] = {}
    lines = {}
    for line, row in _rows(directory, KAPASITAS):
        unor = _key(KAPASITAS, line, "unor_asal", row["unor_asal"])
        _unique(lines, unor, KAPASITAS, line, "unor_asal")
        capacities[unor] = _integer(KAPASITAS, line, "maks_keluar", row["maks_keluar"], 0)

    seats: dict[str, Seat] = {}
    lines = {}
    for line, row in _rows(directory, KURSI):
        kursi_id = _key(KURSI, line, "kursi_id", row["kursi_id"])
        _unique(lines, kursi_id, KURSI, line, "kursi_id")
        seats[kursi_id] = Seat(kekurangan=_integer(KURSI, line, "kekurangan", row["kekurangan"], 0),
                               prioritas=_integer(KURSI, line, "prioritas", row["prioritas"], 1))

    arcs: list[Arc] = []
    lines = {}
    for line, row in _rows(directory, BUSUR):
        nip = _key(BUSUR, line, "nip", row["nip"])
        if nip not in candidates:
            raise ProblemError(BUSUR, line, "nip", f"nip tidak dikenal {nip!r} (tidak ada di {KANDIDAT})")
        kursi_id = _key(BUSUR, line, "kursi_id", row["kursi_id"])
        if kursi_id not in seats:
            raise ProblemError(BUSUR, line, "kursi_id",
                               f"kursi_id tidak dikenal {kursi_id!r} (tidak ada di {KURSI})")
        _unique(lines, (nip, kursi_id), BUSUR, line, "kursi_id")
        arcs.append(Arc(nip, kursi_id, _integer(BUSUR, line, "biaya", row["biaya"], 0)))
    return Problem(candidates, capacities, seats, tuple(arcs))


def write_moves(path: str | os.PathLike, moves: tuple[Move, ...] | list[Move]) -> None:
    """The moves file (header ``nip,kursi_id,biaya``, sorted by nip), written whole or not at all."""
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(MOVES_HEADER)
        writer.writerows((m.nip, m.kursi_id, m.biaya) for m in sorted(moves, key=lambda m: m.nip))
    os.replace(temporary, path)


def write_problem(directory: str | os.PathLike, net, units: list[str], seats: list[str],
                  class_people: list[list[str]]) -> dict[str, int]:
    """The problem files of a layered network (``optimizer.Layered``) at person level: ``units[i]`` and
    ``seats[j]`` name the network's units and seat groups, ``class_people[c]`` the NIPs of class ``c``. Every
    person of a class gets an arc to every seat group of every destination type paired with its origin type,
    at the pair's cost, so the files stand for exactly the moves the network does. Returns the row counts."""
    from collections import defaultdict

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    seats_of_dest: dict[int, list[int]] = defaultdict(list)
    for s, d in enumerate(net.seat_dest.tolist()):
        seats_of_dest[d].append(s)
    pairs_of_origin: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for o, d, cost in zip(net.pair_origin.tolist(), net.pair_dest.tolist(), net.pair_cost.tolist(), strict=True):
        pairs_of_origin[o].append((d, cost))
    counts = dict.fromkeys(COLUMNS, 0)

    def table(name: str):
        fh = open(directory / name, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS[name])
        return fh, writer

    files = {name: table(name) for name in COLUMNS}
    try:
        for c, people in enumerate(class_people):
            unit = units[int(net.class_unit[c])]
            arcs = [(seats[s], cost) for d, cost in pairs_of_origin.get(int(net.class_origin[c]), [])
                    for s in seats_of_dest.get(d, [])]
            for nip in people:
                files[KANDIDAT][1].writerow((nip, unit))
                files[BUSUR][1].writerows((nip, kursi_id, cost) for kursi_id, cost in arcs)
                counts[BUSUR] += len(arcs)
            counts[KANDIDAT] += len(people)
        for unit, cap in zip(units, net.unit_capacity.tolist(), strict=True):
            files[KAPASITAS][1].writerow((unit, cap))
        for kursi_id, k, p in zip(seats, net.seat_kekurangan.tolist(), net.seat_prioritas.tolist(), strict=True):
            files[KURSI][1].writerow((kursi_id, k, p))
        counts[KAPASITAS], counts[KURSI] = len(units), len(seats)
    finally:
        for fh, _ in files.values():
            fh.close()
    return counts
