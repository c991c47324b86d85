"""Reading and validating problem directories (CONTRACTS §9), writing the moves file."""

import pytest

from abdi.planning.optimizer import Arc, Move, Seat
from abdi.planning.problem import ProblemError, read_problem, write_moves

HEADERS = {
    "kandidat.csv": "nip,unor_asal\n",
    "kapasitas_asal.csv": "unor_asal,maks_keluar\n",
    "kursi.csv": "kursi_id,kekurangan,prioritas\n",
    "busur.csv": "nip,kursi_id,biaya\n",
}
GOOD = {
    "kandidat.csv": "nip,unor_asal\na,U\nb,V\n",
    "kapasitas_asal.csv": "unor_asal,maks_keluar\nU,1\n",
    "kursi.csv": "kursi_id,kekurangan,prioritas\nX,2,3\n",
    "busur.csv": "nip,kursi_id,biaya\na,X,5\nb,X,0\n",
}


def write_dir(path, files, **changes):
    for name, text in {**files, **changes}.items():
        if text is not None:
            (path / name).write_text(text, encoding="utf-8")
    return path


def error_of(path):
    with pytest.raises(ProblemError) as info:
        read_problem(path)
    return info.value


def test_reads_a_well_formed_problem(tmp_path):
    problem = read_problem(write_dir(tmp_path, GOOD))
    assert problem.candidates == {"a": "U", "b": "V"}
    assert problem.capacities == {"U": 1}
    assert problem.seats == {"X": Seat(2, 3)}
    assert problem.arcs == (Arc("a", "X", 5), Arc("b", "X", 0))


def test_headers_only_and_empty_files_are_empty(tmp_path):
    problem = read_problem(write_dir(tmp_path, HEADERS, **{"busur.csv": "", "kursi.csv": "\n"}))
    assert (problem.candidates, problem.capacities, problem.seats, problem.arcs) == ({}, {}, {}, ())


def test_accepts_bom_extra_columns_other_order_spaces_and_blank_lines(tmp_path):
    files = {**GOOD, "kursi.csv": "\ufeffprioritas, catatan ,kursi_id,kekurangan\n 3 ,x, X ,2\n\n"}
    problem = read_problem(write_dir(tmp_path, files))
    assert problem.seats == {"X": Seat(2, 3)}


@pytest.mark.parametrize("name, text, line, column", [
    ("busur.csv", "nip,kursi_id,biaya\na,X,5\nzz,X,1\n", 3, "nip"),
    ("busur.csv", "nip,kursi_id,biaya\na,Q,5\n", 2, "kursi_id"),
    ("busur.csv", "nip,kursi_id,biaya\na,X,5\nb,X,1\na,X,2\n", 4, "kursi_id"),
    ("kandidat.csv", "nip,unor_asal\na,U\nb,V\na,W\n", 4, "nip"),
    ("kapasitas_asal.csv", "unor_asal,maks_keluar\nU,1\nU,2\n", 3, "unor_asal"),
    ("kursi.csv", "kursi_id,kekurangan,prioritas\nX,2,3\nX,1,1\n", 3, "kursi_id"),
    ("busur.csv", "nip,kursi_id,biaya\na,X,-5\n", 2, "biaya"),
    ("busur.csv", "nip,kursi_id,biaya\na,X,1.5\n", 2, "biaya"),
    ("kapasitas_asal.csv", "unor_asal,maks_keluar\nU,-1\n", 2, "maks_keluar"),
    ("kapasitas_asal.csv", "unor_asal,maks_keluar\nU,dua\n", 2, "maks_keluar"),
    ("kursi.csv", "kursi_id,kekurangan,prioritas\nX,2.0,3\n", 2, "kekurangan"),
    ("kursi.csv", "kursi_id,kekurangan,prioritas\nX,2,0\n", 2, "prioritas"),
    ("kursi.csv", "kursi_id,kekurangan,prioritas\nX,2,\n", 2, "prioritas"),
    ("kursi.csv", "kursi_id,kekurangan\nX,2\n", 1, "prioritas"),
    ("kandidat.csv", "nip\na\n", 1, "unor_asal"),
    ("busur.csv", "nip,biaya\n", 1, "kursi_id"),
    ("kandidat.csv", "nip,unor_asal\na,U\n,V\n", 3, "nip"),
    ("kandidat.csv", "nip,unor_asal\na,U\nb\n", 3, "unor_asal"),
])
def test_refuses_malformed_input_naming_file_line_and_column(tmp_path, name, text, line, column):
    error = error_of(write_dir(tmp_path, GOOD, **{name: text}))
    assert (error.file, error.line, error.column) == (name, line, column)
    assert str(error).startswith(f"{name} baris {line}, kolom {column}: ")


def test_line_numbers_are_physical_lines(tmp_path):
    text = 'nip,kursi_id,biaya\na,X,5\n\n"b",X,0\nzz,X,1\n'
    error = error_of(write_dir(tmp_path, GOOD, **{"busur.csv": text}))
    assert (error.line, error.column) == (5, "nip")


def test_an_absent_file_is_an_error_naming_it(tmp_path):
    error = error_of(write_dir(tmp_path, GOOD, **{"kursi.csv": None}))
    assert error.file == "kursi.csv"
    assert "tidak ada" in str(error)


def test_a_missing_directory_is_an_error(tmp_path):
    assert "tidak ada" in str(error_of(tmp_path / "nowhere"))


def test_text_that_is_not_utf8_is_an_error_with_its_line(tmp_path):
    write_dir(tmp_path, GOOD)
    (tmp_path / "kandidat.csv").write_bytes(b"nip,unor_asal\na,U\nb,\xff\n")
    error = error_of(tmp_path)
    assert (error.file, error.line) == ("kandidat.csv", 3)


def test_writes_the_moves_sorted_by_nip(tmp_path):
    out = tmp_path / "moves.csv"
    write_moves(out, [Move("b", "X", 0), Move("a", "Y", 7)])
    assert out.read_text(encoding="utf-8") == "nip,kursi_id,biaya\na,Y,7\nb,X,0\n"
    write_moves(out, [])
    assert out.read_text(encoding="utf-8") == "nip,kursi_id,biaya\n"
    assert [p.name for p in tmp_path.iterdir()] == ["moves.csv"]
