"""The loader (CONTRACTS §4): what loads, what is rejected and why, history, atomicity.

Each test of a rejection matches a row of the README's table "What a load rejects".
"""

from __future__ import annotations

import json

import pytest

from abdi.org.models import Instansi, Jabatan, Unor
from abdi.people.exports import ROSTER_COLUMNS, roster_rows, write_table
from abdi.people.imports import load_directory
from abdi.people.models import Pegawai, RiwayatPegawai
from abdi.people.tests.dataset import PEGAWAI, PEGAWAI_HEADER, person, write_csv, write_dataset

pytestmark = pytest.mark.django_db


def _rejections(report, file="pegawai.csv"):
    return [r for r in report.rejected if r["file"] == file]


def _load_ok(tmp_path):
    report = load_directory(write_dataset(tmp_path / "base"))
    assert report.exit_code == 0, report.rejected
    return report


def test_valid_dataset_loads_everything_with_initial_history(tmp_path):
    report = _load_ok(tmp_path)
    assert report.files["pegawai.csv"] == {"rows": 4, "loaded": 4, "rejected": 0}
    assert report.files["unor.csv"] == {"rows": 5, "loaded": 5, "rejected": 0}
    assert Instansi.objects.count() == 2 and Jabatan.objects.count() == 4
    assert Pegawai.objects.count() == 4
    budi = Pegawai.objects.get(nip="198609262015051001")
    assert (budi.nama, budi.golongan, budi.unor_id, str(budi.tgl_lahir)) == ("Budi Santoso", "III/b", "KEU-1-1",
                                                                             "1986-09-26")
    assert Unor.objects.get(pk="KEU-1-1").path == "/KEU/KEU-1/KEU-1-1/"
    assert Unor.objects.get(pk="KEU-1-1").depth == 2
    assert set(Unor.objects.filter(path__startswith="/KEU/").values_list("pk", flat=True)) == {"KEU", "KEU-1",
                                                                                                "KEU-1-1"}
    history = list(RiwayatPegawai.objects.filter(pegawai_id=budi.nip))
    assert [(h.perubahan, str(h.tmt), h.jabatan_id) for h in history] == [("AWAL", "2019-01-01", "J-ANALIS")]
    # jabatan without bup takes the default of its level (DOMAIN §6: Ahli Pertama 58), teachers keep 60
    assert Jabatan.objects.get(pk="J-ANALIS").bup == 58 and Jabatan.objects.get(pk="J-GURU").bup == 60


def test_reload_with_changes_updates_and_appends_history_only_for_changed(tmp_path):
    _load_ok(tmp_path)
    moved = person(jabatan_id="J-PELAKSANA", tmt_jabatan="2024-07-01", golongan="III/c", tmt_golongan="2024-04-01")
    report = load_directory(write_dataset(tmp_path / "second", pegawai=[moved] + PEGAWAI[1:],
                                          files=("pegawai.csv",)))
    assert report.exit_code == 0
    budi = Pegawai.objects.get(nip=moved[0])
    assert (budi.jabatan_id, budi.golongan) == ("J-PELAKSANA", "III/c")
    rows = list(RiwayatPegawai.objects.filter(pegawai_id=moved[0]).order_by("tmt"))
    assert [(r.perubahan, str(r.tmt)) for r in rows] == [("AWAL", "2019-01-01"), ("JABATAN,GOLONGAN", "2024-07-01")]
    # the three unchanged people got no new history
    assert RiwayatPegawai.objects.exclude(pegawai_id=moved[0]).count() == 3
    # who held what on a date: the latest row with tmt <= D
    on = RiwayatPegawai.objects.filter(pegawai_id=moved[0], tmt__lte="2023-12-31").order_by("-tmt").first()
    assert on.jabatan_id == "J-ANALIS"


def test_status_change_is_dated_on_the_load_day_and_name_change_keeps_history(tmp_path):
    import datetime as dt

    _load_ok(tmp_path)
    rows = [person(kedudukan="CLTN"), person(nip=PEGAWAI[1][0], nama="Siti R.", tgl_lahir="1990-01-15",
                                             jenis_kelamin="P", tmt_cpns="2014-03-01", instansi_id="KOTA-32.73",
                                             unor_id="BDG-SD1", jabatan_id="J-GURU", golongan="III/c",
                                             lokasi_kabkota_kode="32.73")]
    day = dt.date(2026, 3, 2)
    report = load_directory(write_dataset(tmp_path / "s", pegawai=rows, files=("pegawai.csv",)), today=day)
    assert report.exit_code == 0
    last = RiwayatPegawai.objects.filter(pegawai_id=PEGAWAI[0][0]).order_by("-id").first()
    assert (last.perubahan, last.tmt, last.kedudukan) == ("STATUS", day, "CLTN")
    assert Pegawai.objects.get(nip=PEGAWAI[1][0]).nama == "Siti R."
    assert RiwayatPegawai.objects.filter(pegawai_id=PEGAWAI[1][0]).count() == 1  # a name is not a history event


def test_duplicate_nip_in_file_first_loads_later_rejected(tmp_path):
    _load_ok(tmp_path)
    dup = person(nama="Budi Kedua")
    report = load_directory(write_dataset(tmp_path / "d", pegawai=[PEGAWAI[0], PEGAWAI[1], dup],
                                          files=("pegawai.csv",)))
    assert report.exit_code == 2
    [r] = _rejections(report)
    assert (r["line"], r["column"], r["value"]) == (4, "nip", PEGAWAI[0][0])
    assert "duplikat" in r["reason"] and "baris 2" in r["reason"]
    assert Pegawai.objects.get(nip=PEGAWAI[0][0]).nama == "Budi Santoso"


def test_duplicates_in_a_first_load_are_found_across_batches(tmp_path, monkeypatch):
    # a first load writes the roster directly; tiny blocks force many batches so duplicates span them
    from abdi.people.imports import source

    monkeypatch.setattr(source, "BLOCK_SIZE", 600)
    rows = [PEGAWAI[0], PEGAWAI[1], PEGAWAI[2], PEGAWAI[3], person(nama="Salinan"), person(nip="x", nama="y"),
            person(nip="x", nama="z")]
    report = load_directory(write_dataset(tmp_path / "d", pegawai=rows))
    rej = _rejections(report)
    assert [(r["line"], r["column"]) for r in rej] == [(6, "nip"), (7, "nip"), (8, "nip")]
    assert "baris 2" in rej[0]["reason"] and "baris 7" in rej[2]["reason"]
    assert Pegawai.objects.count() == 4 and RiwayatPegawai.objects.count() == 4
    assert Pegawai.objects.get(nip=PEGAWAI[0][0]).nama == "Budi Santoso"


@pytest.mark.parametrize("changes, column, words", [
    ({"instansi_id": "P-TIDAKADA"}, "instansi_id", "tidak dikenal"),
    ({"unor_id": "U-TIDAKADA"}, "unor_id", "tidak dikenal"),
    ({"jabatan_id": "J-TIDAKADA"}, "jabatan_id", "tidak dikenal"),
    ({"lokasi_kabkota_kode": "99.99"}, "lokasi_kabkota_kode", "tidak dikenal"),
    ({"unor_id": "BDG"}, "unor_id", "bukan bagian"),
    ({"golongan": "V/a"}, "golongan", "I/a"),
    ({"jenis_kelamin": "X"}, "jenis_kelamin", "kode tidak dikenal"),
    ({"status": "PPPK"}, "status", "tidak sah"),
    ({"kedudukan": "CUTI"}, "kedudukan", "kode tidak dikenal"),
    ({"pendidikan": "SMK"}, "pendidikan", "kode tidak dikenal"),
    ({"tgl_lahir": "1986-02-30", "nip": "198602302015051001"}, "nip", "NIP tidak sah"),
    ({"tmt_jabatan": "2021-02-29"}, "tmt_jabatan", "bukan tanggal"),
    ({"tmt_jabatan": "01/02/2020"}, "tmt_jabatan", "bukan tanggal"),
    ({"tmt_jabatan": "1970-01-01"}, "tmt_jabatan", "sebelum tanggal lahir"),
    ({"tmt_cpns": "1899-12-31"}, "tmt_cpns", "sebelum tahun 1900"),
    ({"nama": ""}, "nama", "wajib"),
    ({"nama": "A" * 10_000}, "nama", "terlalu panjang"),
    ({"nip": "198609262015131001"}, "nip", "bulan TMT"),
    ({"nip": "19860926201505100"}, "nip", "18"),
    ({"nip": "198609262015051000"}, "nip", "NIP tidak sah"),
    ({"nip": "198609272015051001"}, "tgl_lahir", "tidak sama dengan tgl_lahir"),
    ({"nip": "198609262015052001"}, "jenis_kelamin", "jenis kelamin"),
])
def test_rejects_row_naming_first_failing_column(tmp_path, changes, column, words):
    report = load_directory(write_dataset(tmp_path / "x", pegawai=[person(**changes), PEGAWAI[1]]))
    assert report.exit_code == 2
    [r] = _rejections(report)
    assert r["line"] == 2 and r["column"] == column, r
    assert words.lower() in r["reason"].lower(), r
    assert len(r["value"]) <= 200
    assert not Pegawai.objects.filter(nip=person(**changes)[0]).exists() or column == "nip"
    assert Pegawai.objects.filter(nip=PEGAWAI[1][0]).exists()


def test_birth_date_in_future_is_impossible(tmp_path):
    row = person(tgl_lahir="2099-01-01")
    report = load_directory(write_dataset(tmp_path / "x", pegawai=[row]))
    [r] = _rejections(report)
    # the NIP (birth 1986) is checked first and is valid; the future birth date fails on its own column
    assert r["column"] == "tgl_lahir" and "setelah hari ini" in r["reason"]
    assert report.exit_code == 2  # the org files loaded; the only civil servant was rejected
    assert Pegawai.objects.count() == 0


def test_first_failing_column_wins(tmp_path):
    row = person(kedudukan="XX", tmt_jabatan="bukan", jabatan_id="J-TIDAKADA")
    report = load_directory(write_dataset(tmp_path / "x", pegawai=[row, PEGAWAI[1]]))
    [r] = _rejections(report)
    assert r["column"] == "kedudukan"


def test_non_utf8_bytes_reject_that_row_only(tmp_path):
    d = write_dataset(tmp_path / "x")
    raw = (d / "pegawai.csv").read_bytes().replace(b"Agus Wijaya", b"Agus \xff\xfe Wijaya")
    (d / "pegawai.csv").write_bytes(raw)
    report = load_directory(d)
    assert report.exit_code == 2
    [r] = _rejections(report)
    assert (r["line"], r["column"]) == (4, "nama") and "UTF-8" in r["reason"]
    assert Pegawai.objects.count() == 3


def test_bom_and_semicolons_are_accepted_with_warnings(tmp_path):
    d = write_dataset(tmp_path / "x", files=("instansi.csv", "unor.csv", "jabatan.csv"))
    write_csv(d / "pegawai.csv", [PEGAWAI_HEADER] + PEGAWAI, delimiter=";", bom=True)
    report = load_directory(d)
    assert report.exit_code == 0 and Pegawai.objects.count() == 4
    messages = [w["message"] for w in report.warnings if w["file"] == "pegawai.csv"]
    assert any("BOM" in m for m in messages) and any("';'" in m for m in messages)


def test_missing_and_misspelled_columns(tmp_path):
    header = [("tanggal_lahr" if c == "tgl_lahir" else c) for c in PEGAWAI_HEADER]
    d = write_dataset(tmp_path / "x", files=("instansi.csv", "unor.csv", "jabatan.csv"))
    write_csv(d / "pegawai.csv", [header] + PEGAWAI)
    report = load_directory(d)
    assert report.exit_code == 2  # the org files loaded, every pegawai row rejected
    rej = _rejections(report)
    assert [r["line"] for r in rej] == [2, 3, 4, 5]
    assert all(r["column"] == "tgl_lahir" and "tidak ada di header" in r["reason"] for r in rej)
    assert any("tanggal_lahr" in w["message"] for w in report.warnings)
    assert Pegawai.objects.count() == 0


def test_upper_case_headers_are_the_same_columns(tmp_path):
    d = write_dataset(tmp_path / "x", files=("instansi.csv", "unor.csv", "jabatan.csv"))
    write_csv(d / "pegawai.csv", [[c.upper() for c in PEGAWAI_HEADER]] + PEGAWAI)
    assert load_directory(d).exit_code == 0 and Pegawai.objects.count() == 4


def test_empty_file_and_header_only_file(tmp_path):
    d = write_dataset(tmp_path / "x", files=("instansi.csv", "unor.csv", "jabatan.csv"))
    (d / "pegawai.csv").write_bytes(b"")
    report = load_directory(d)
    assert report.exit_code == 0 and report.files["pegawai.csv"]["rows"] == 0
    assert any("kosong" in w["message"] for w in report.warnings)
    write_csv(d / "pegawai.csv", [PEGAWAI_HEADER])
    assert load_directory(d).exit_code == 0


def test_formula_text_is_stored_plain_and_export_escapes_it(tmp_path):
    formula = '=HYPERLINK("http://contoh.invalid","klik")'
    report = load_directory(write_dataset(tmp_path / "x", pegawai=[person(nama=formula)]))
    assert report.exit_code == 0
    assert Pegawai.objects.get().nama == formula
    out = tmp_path / "roster.csv"
    write_table(out, ROSTER_COLUMNS, roster_rows(Pegawai.objects.all()))
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    # the export loads back to the same plain text
    d2 = write_dataset(tmp_path / "y", files=("instansi.csv", "unor.csv", "jabatan.csv"))
    (d2 / "pegawai.csv").write_text(text, encoding="utf-8")
    assert load_directory(d2).exit_code == 0
    assert Pegawai.objects.get().nama == formula


def test_strict_rejects_everything_when_one_row_fails(tmp_path):
    report = load_directory(write_dataset(tmp_path / "x", pegawai=[person(nama=""), PEGAWAI[1]]), strict=True)
    assert report.exit_code == 1
    assert Pegawai.objects.count() == 0 and Instansi.objects.count() == 0


def test_unit_cycles_and_unknown_parents_are_rejected(tmp_path):
    d = write_dataset(tmp_path / "x", files=("instansi.csv",))
    write_csv(d / "unor.csv", [
        ["unor_id", "instansi_id", "diatasan_id", "nama"],
        ["A", "P-KEU", "", "Akar"],
        ["B", "P-KEU", "C", "Siklus B"],
        ["C", "P-KEU", "B", "Siklus C"],
        ["D", "P-KEU", "ZZZ", "Atasan tak dikenal"],
        ["E", "P-KEU", "D", "Di bawah unit yang ditolak"],
        ["F", "KOTA-32.73", "A", "Atasan di instansi lain"],
        ["G", "P-KEU", "A", "Sah"],
    ])
    report = load_directory(d)
    rej = {r["line"]: r for r in _rejections(report, "unor.csv")}
    assert set(rej) == {3, 4, 5, 6, 7}
    assert "siklus" in rej[3]["reason"] and "siklus" in rej[4]["reason"]
    assert "tidak dikenal" in rej[5]["reason"] and "ditolak" in rej[6]["reason"]
    assert "instansi lain" in rej[7]["reason"]
    assert all(r["column"] == "diatasan_id" for r in rej.values())
    assert Unor.objects.get(pk="G").path == "/A/G/"


def test_moving_a_unit_rewrites_the_paths_of_its_subtree(tmp_path):
    _load_ok(tmp_path)
    d = tmp_path / "move"
    d.mkdir()
    write_csv(d / "unor.csv", [["unor_id", "instansi_id", "diatasan_id", "nama"],
                               ["KEU-2", "P-KEU", "KEU", "Biro Baru"], ["KEU-1", "P-KEU", "KEU-2", "Biro SDM"]])
    assert load_directory(d).exit_code == 0
    assert Unor.objects.get(pk="KEU-1-1").path == "/KEU/KEU-2/KEU-1/KEU-1-1/"


def test_rows_with_wrong_field_count_and_quoted_newlines_keep_true_line_numbers(tmp_path):
    d = write_dataset(tmp_path / "x", files=("instansi.csv", "unor.csv", "jabatan.csv"))
    rows = [PEGAWAI_HEADER, PEGAWAI[0], ["199001152014032002", "terlalu", "pendek"]]
    write_csv(d / "pegawai.csv", rows)
    with (d / "pegawai.csv").open("a", encoding="utf-8", newline="") as fh:
        # a name with a quoted line break spans lines 4-5; the next row starts on line 6
        fh.write(",".join(f'"{v}"' if i == 1 else v for i, v in enumerate(person(nip="197512312000121003",
                 nama="Agus\nWijaya", tgl_lahir="1975-12-31", golongan="IV/a", pendidikan="S2",
                 tmt_cpns="2000-12-01"))) + "\n")
        fh.write(",".join(person(nip="197512312000121003", nama="Dup")) + "\n")
    report = load_directory(d)
    rej = _rejections(report)
    assert [(r["line"], r["column"]) for r in rej] == [(3, "nip"), (6, "nip")]
    assert "jumlah kolom" in rej[0]["reason"] and "baris 4" in rej[1]["reason"]
    assert Pegawai.objects.get(nip="197512312000121003").nama == "Agus\nWijaya"


def test_unknown_files_and_later_module_files_are_ignored_with_a_warning(tmp_path):
    d = write_dataset(tmp_path / "x")
    write_csv(d / "diklat.csv", [["nip", "jp"]])  # a module not built yet (skp.csv, asesmen.csv, hukdis.csv now load)
    write_csv(d / "lain.csv", [["a"]])
    report = load_directory(d)
    assert report.exit_code == 0
    files = {w["file"] for w in report.warnings}
    assert {"diklat.csv", "lain.csv"} <= files


def test_missing_directory_fails_cleanly(tmp_path):
    report = load_directory(tmp_path / "tidak-ada")
    assert report.exit_code == 1 and "tidak ditemukan" in report.error


def test_report_has_contract_shape(tmp_path):
    report = load_directory(write_dataset(tmp_path / "x", pegawai=[person(nama="")]))
    body = json.loads(json.dumps(report.to_dict()))
    assert set(body) == {"files", "rejected", "warnings", "duration_s"}
    assert set(body["rejected"][0]) == {"file", "line", "column", "value", "reason"}
    assert set(body["files"]["pegawai.csv"]) == {"rows", "loaded", "rejected"}


def _index_definitions():
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename IN ('people_pegawai', 'org_unor', "
                        "'people_riwayatpegawai') ORDER BY indexname")
        else:
            cur.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('people_pegawai', 'org_unor', "
                        "'people_riwayatpegawai') ORDER BY name")
        return [r[0] for r in cur.fetchall() if r[0]]


def test_first_load_leaves_every_index_and_the_primary_key_in_place(tmp_path):
    before = _index_definitions()
    assert any("nama" in d for d in before) and any("path" in d for d in before)
    _load_ok(tmp_path)
    assert _index_definitions() == before
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Pegawai.objects.bulk_create([Pegawai(**{f.attname: getattr(Pegawai.objects.first(), f.attname)
                                                for f in Pegawai._meta.concrete_fields})])


def test_failed_first_load_keeps_indexes_and_rows_out(tmp_path):
    before = _index_definitions()
    report = load_directory(write_dataset(tmp_path / "x", pegawai=[person(nama=""), PEGAWAI[1]]), strict=True)
    assert report.exit_code == 1
    assert _index_definitions() == before and Pegawai.objects.count() == 0


def test_a_load_records_one_audit_event_with_its_file_hashes(tmp_path):
    import hashlib

    from abdi.core.audit import audit_verify
    from abdi.core.models import AuditEvent

    d = write_dataset(tmp_path / "x")
    report = load_directory(d, actor_label="cli:tester")
    [event] = AuditEvent.objects.filter(action="load.dataset")
    assert (event.object_id, event.actor_label) == (str(report.batch_id), "cli:tester")
    files = event.after["files"]
    assert files["pegawai.csv"]["sha256"] == hashlib.sha256((d / "pegawai.csv").read_bytes()).hexdigest()
    assert files["pegawai.csv"]["loaded"] == 4
    assert audit_verify()[0] is True
    # a load that changes nothing leaves no load event
    assert load_directory(write_dataset(tmp_path / "y", pegawai=[person(nama="")]), strict=True).exit_code == 1
    assert AuditEvent.objects.filter(action="load.dataset").count() == 1


def test_a_load_refreshes_the_planner_statistics_of_what_it_wrote(tmp_path):
    """On PostgreSQL the tables a load wrote are analysed once it commits (a server without autovacuum would
    otherwise plan the follow-up jobs on empty statistics); SQLite has nothing to do."""
    from django.db import connection

    d = write_dataset(tmp_path / "x")
    report = load_directory(d)
    assert report.exit_code == 0
    if connection.vendor != "postgresql":
        assert report.files["pegawai.csv"]["loaded"] == 4  # nothing else to check here
        return
    with connection.cursor() as cur:
        cur.execute("SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname IN "
                    "('people_pegawai', 'org_unor', 'org_instansi')")
        analysed = dict(cur.fetchall())
    assert analysed == {"people_pegawai": True, "org_unor": True, "org_instansi": True}
