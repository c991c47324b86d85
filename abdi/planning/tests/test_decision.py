"""The decision list (SK mutasi) of a plan: the rows equal the moves, the XLSX reads back row for row, the PDF
is a PDF naming the scenario, NIPs are masked for roles without personal data, a download is an audited
read, and text outside Latin-1 reaches the PDF as ASCII."""

from __future__ import annotations

import io
import zlib

import pytest
from openpyxl import load_workbook

from abdi.core.models import AuditEvent
from abdi.people.masking import mask_nip
from abdi.planning import decision
from abdi.planning.models import Mutasi, Skenario
from abdi.planning.tests.test_views import client_of, plan  # noqa: F401

BASE = "/perencanaan/skenario/"


def test_latin1_maps_what_core_fonts_lack():
    assert decision.latin1("Unit × jabatan — 3–4 → ok") == "Unit x jabatan - 3-4 -> ok"
    assert decision.latin1("Café Łódź ≥ 2 😀") == "Café ?ódz >= 2 ?"


@pytest.mark.django_db
def test_rows_are_the_moves_in_nip_order(plan):  # noqa: F811
    rows = list(decision.rows_of(plan.pk))
    moves = list(Mutasi.objects.filter(skenario=plan).order_by("nip"))
    assert [r.nip for r in rows] == [m.nip for m in moves] and [r.no for r in rows] == [1, 2, 3]
    to_y = next(r for r in rows if r.instansi_tujuan == "Kabupaten Y")
    assert (to_y.jabatan_asal, to_y.unor_asal, to_y.instansi_asal) == ("Guru Ahli Pertama", "Unit X1", "Kabupaten X")
    assert to_y.unor_tujuan == "Unit Y1" and to_y.nama.startswith("Pegawai ") and to_y.jarak_km > 0
    masked = list(decision.rows_of(plan.pk, mask_nip))
    assert [r.nip for r in masked] == [mask_nip(m.nip) for m in moves]
    y_part = list(decision.rows_of(plan.pk, instansi_ids=frozenset({"KAB-Y"})))  # an agency's own part
    assert [r.nip for r in y_part] == [m.nip for m in moves if "KAB-Y" in (m.instansi_asal, m.instansi_tujuan)]
    assert [r.no for r in y_part] == list(range(1, len(y_part) + 1)) and 0 < len(y_part) < len(moves)


@pytest.mark.django_db
def test_xlsx_reads_back_row_for_row(plan, planners):  # noqa: F811
    r = client_of(planners.national).get(BASE + f"{plan.pk}/sk.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'sk-mutasi-{plan.pk}.xlsx' in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content)), ).active
    lines = [list(row) for row in ws.iter_rows(values_only=True)]
    assert "Guru nasional" in lines[0][0] and "(belum diterapkan)" in lines[1][0]
    at = next(i for i, row in enumerate(lines) if row and row[0] == "No. urut")
    assert lines[at][:3] == ["No. urut", "NIP", "Nama"] and lines[at][-1] == "Jarak (km)"
    body = lines[at + 1:]
    moves = list(Mutasi.objects.filter(skenario=plan).order_by("nip"))
    assert [(row[0], row[1], row[9]) for row in body] == [(i + 1, m.nip, m.jarak_km) for i, m in enumerate(moves)]
    event = AuditEvent.objects.filter(action="planning.sk_mutasi").latest("id")
    assert (event.object_type, event.object_id, event.actor_id) == ("skenario", str(plan.pk), planners.national.pk)


@pytest.mark.django_db
def test_xlsx_masks_nips_and_escapes_formulas(plan, planners):  # noqa: F811
    Skenario.objects.filter(pk=plan.pk).update(nama="=HYPERLINK(1)")
    r = client_of(planners.analyst).get(BASE + f"{plan.pk}/sk.xlsx")
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content)), ).active
    lines = [list(row) for row in ws.iter_rows(values_only=True)]
    assert lines[0][0].startswith("Daftar mutasi pegawai: =")  # not a formula: the name follows the title
    nips = {row[1] for row in lines if row and isinstance(row[0], int)}
    assert nips == {mask_nip(m.nip) for m in Mutasi.objects.filter(skenario=plan)}


@pytest.mark.django_db
def test_pdf_names_the_scenario(plan, planners):  # noqa: F811
    plan.refresh_from_db()
    head = decision.head_of(plan)
    raw = decision.write_pdf(head, decision.rows_of(plan.pk), compress=False)
    assert raw.startswith(b"%PDF") and b"Guru nasional" in raw and b"Jarak \\(km\\)" in raw
    r = client_of(planners.national).get(BASE + f"{plan.pk}/sk.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert client_of(planners.admin_z).get(BASE + f"{plan.pk}/sk.pdf").status_code == 404
    assert client_of(planners.employee).get(BASE + f"{plan.pk}/sk.pdf").status_code == 403


def test_pdf_of_many_rows_stays_linear():
    import datetime as dt

    head = decision.Head("Rencana besar — nasional", "800/1/BKN", dt.date(2026, 1, 2), 2026, "NASIONAL", 3000)
    rows = (decision.Row(i, f"1980010120050110{i % 100:02d}", f"Pegawai {i}", "Guru Ahli Pertama", "SD Negeri",
                         "Kabupaten X", "Guru Ahli Pertama", "SD Negeri 2", "Kabupaten Y", i % 900)
            for i in range(1, 3001))
    raw = decision.write_pdf(head, rows)
    assert raw.startswith(b"%PDF") and raw.count(b"/Type /Page\n") >= 60
    streams = [zlib.decompress(part.split(b"stream\n", 1)[1].split(b"\nendstream", 1)[0])
               for part in raw.split(b"obj")[1:] if b"/FlateDecode" in part and b"stream\n" in part]
    assert any(b"Pegawai 3000" in s for s in streams)
