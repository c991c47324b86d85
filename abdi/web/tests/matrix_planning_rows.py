"""Permission-matrix rows of the planning app (issue 7): needs and the workload analysis, the gap analysis,
and scenarios with their plans. ``matrix_feature_rows`` adds them to the feature tables.

The targets are made per request (``Fresh``): a scenario of the scope's agency in the state the step needs
(``{skenario}`` a finished draft, ``{ditinjau}`` reviewed, ``{disetujui}`` approved), each moving a fresh
civil servant of the scope's unit to a sibling unit of the same agency; a workload task (``{tugas}``).

Who [U]: national admins and analysts, agency admins, unit HR and auditors read (inside their scope; unit HR
sees the scenarios of their own units only); national admins, agency admins and unit HR write needs; the
national roles and agency admins create and run scenarios; national admins and the owning agency's admins
review; each agency's admin (or a national admin) approves and applies. Supervisors, employees and users
without a role get a 403."""

from __future__ import annotations

import datetime as dt
import itertools

from abdi.web.tests.matrix import Row, expect

PLANNING_WEB: dict[str, Row] = {}
PLANNING_API: dict[tuple[str, str], Row] = {}
_SEQ = itertools.count(1)
SIBLING = {"A1": "A11", "B1": "B0"}


def _mover(instansi_id: str, unor_id: str) -> str:
    from abdi.org.models import Instansi
    from abdi.people.models import Pegawai

    while True:
        seq = 700 + next(_SEQ) % 300
        nip = f"19820202200801{1 + seq % 2}{seq:03d}"
        if not Pegawai.objects.filter(pk=nip).exists():
            break
    Pegawai.objects.create(
        nip=nip, nama=f"Guru Mutasi {seq}", tgl_lahir=dt.date(1982, 2, 2), jenis_kelamin="L", jenis_pegawai="PNS",
        status="PNS", kedudukan="AKTIF", golongan="III/b", pendidikan="S1", tmt_cpns=dt.date(2008, 1, 1),
        instansi_id=instansi_id, unor_id=unor_id, jabatan_id="J-FUN", tmt_jabatan=dt.date(2015, 1, 1),
        lokasi_kabkota_id=Instansi.objects.get(pk=instansi_id).kabkota_id)
    return nip


def scenario(instansi_id: str, unor_id: str, status: str = "DRAF") -> int:
    """A finished scenario of ``instansi_id`` moving one fresh person from ``unor_id`` to its sibling unit."""
    from abdi.core.rulesets import rules_in_force
    from abdi.planning import rules
    from abdi.planning.models import Mutasi, PersetujuanInstansi, Skenario

    sk = Skenario.objects.create(
        nama=f"Rencana-{instansi_id}", cakupan="INSTANSI", cakupan_id=instansi_id, instansi_id=instansi_id,
        tahun=dt.date.today().year, parameter=rules_in_force(rules.REDISTRIBUSI, dt.date.today()).data,
        status=status, job="SELESAI", ringkasan={"kursi_terisi": 1, "sisa_kekurangan_provinsi": {}},
        dibuat_oleh="admin")
    Mutasi.objects.create(skenario=sk, nip=_mover(instansi_id, unor_id), instansi_asal=instansi_id, unor_asal=unor_id,
                          jabatan_asal="J-FUN", instansi_tujuan=instansi_id, unor_tujuan=SIBLING[unor_id],
                          jabatan_tujuan="J-FUN", jarak_km=0, biaya=0)
    if status == "DISETUJUI":
        PersetujuanInstansi.objects.create(skenario=sk, instansi_id=instansi_id, oleh="admin")
    return sk.pk


def task(unor_id: str, jabatan_id: str) -> int:
    from decimal import Decimal

    from abdi.planning.models import TugasAbk

    return TugasAbk.objects.create(unor_id=unor_id, jabatan_id=jabatan_id, uraian="Melayani", volume=Decimal(1250),
                                   norma_jam=Decimal(1)).pk


class Fresh(str):
    """A URL template whose ``{skenario}``, ``{ditinjau}``, ``{disetujui}`` and ``{tugas}`` are created when the
    matrix fills it, in the agency and unit of the values it is filled with."""

    def format(self, *args, **values):
        extra = {}
        for key, status in (("skenario", "DRAF"), ("ditinjau", "DITINJAU"), ("disetujui", "DISETUJUI")):
            if f"{{{key}}}" in self:
                extra[key] = scenario(values["instansi"], values["unor"], status)
        if "{tugas}" in self:
            extra["tugas"] = task(values["unor"], "J-PEL")
        return str.format(self, *args, **values, **extra)


def _body_task(values_unor: str = "{unor}") -> dict:
    return {"unor_id": values_unor, "jabatan_id": "J-FUN", "uraian": "Mengajar", "volume": "1250", "norma_jam": "1"}


_NO_VIEW = {"supervisor": "403", "employee": "403", "norole": "403"}
_READ = expect("200", **_NO_VIEW)
_READ_ONE = expect("200/404", national_admin="200", national_analyst="200", **_NO_VIEW)
_READ_SCENARIO = expect("200/404", national_admin="200", national_analyst="200", unit_hr="404", **_NO_VIEW)
_WRITE = {"national_analyst": "403", "auditor": "403", **_NO_VIEW}
_W = "/perencanaan"
_PLAN_WEB = expect("403/404", national_admin="302", national_analyst="403", agency_admin="302/404", unit_hr="404",
                   **_NO_VIEW)  # review, approve, apply: the auditor reads the plan ("in") and may not act
_WRITE_WEB = expect("302/404", national_admin="302", **_WRITE)
PLANNING_WEB |= {
    "planning:home": Row("GET", f"{_W}/", _READ, out_query="instansi={instansi}&by=instansi"),
    "planning:unit_needs": Row("GET", f"{_W}/unit/{{unor}}/", _READ_ONE),
    "planning:need_set": Row("POST", f"{_W}/unit/{{unor}}/kebutuhan/", _WRITE_WEB,
                             body={"jabatan_id": "J-FUN", "kebutuhan": "2"}),
    "planning:abk": Row("GET", f"{_W}/unit/{{unor}}/abk/J-FUN/", _READ_ONE),
    "planning:abk_task_add": Row("POST", f"{_W}/unit/{{unor}}/abk/J-FUN/tugas/", _WRITE_WEB,
                                 body={"uraian": "Mengajar", "volume": "1250", "norma_jam": "1"}),
    "planning:abk_task_remove": Row("POST", Fresh(f"{_W}/unit/{{unor}}/abk/J-PEL/tugas/{{tugas}}/hapus/"),
                                    _WRITE_WEB),
    "planning:abk_apply": Row("POST", Fresh(f"{_W}/unit/{{unor}}/abk/J-PEL/terapkan/?t={{tugas}}"), _WRITE_WEB),
    "planning:scenarios": Row("GET", Fresh(f"{_W}/skenario/?t={{skenario}}"), _READ, leak=("skenario_html",)),
    "planning:scenario_create": Row("POST", f"{_W}/skenario/baru/", expect(
        "403", national_admin="302", national_analyst="302", agency_admin="302/404", unit_hr="404"),
        body={"nama": "Baru {case}", "cakupan": "INSTANSI", "cakupan_id": "{instansi}"}),
    "planning:compare": Row("GET", Fresh(f"{_W}/skenario/bandingkan/?ids={{skenario}}"), _READ_SCENARIO),
    "planning:scenario": Row("GET", Fresh(f"{_W}/skenario/{{skenario}}/"), _READ_SCENARIO),
    "planning:scenario_job": Row("GET", Fresh(f"{_W}/skenario/{{skenario}}/status/"), expect(
        "302/404", national_admin="302", national_analyst="302", unit_hr="404", **_NO_VIEW)),  # to the page
    "planning:scenario_run": Row("POST", Fresh(f"{_W}/skenario/{{skenario}}/jalankan/"), expect(
        "403/404", national_admin="302", national_analyst="302", agency_admin="302/404", unit_hr="404",
        **_NO_VIEW)),
    "planning:scenario_review": Row("POST", Fresh(f"{_W}/skenario/{{skenario}}/tinjau/"), _PLAN_WEB),
    "planning:scenario_approve": Row("POST", Fresh(f"{_W}/skenario/{{ditinjau}}/setujui/"), _PLAN_WEB,
                                     body={"instansi_id": "{instansi}"}),
    "planning:scenario_apply": Row("POST", Fresh(f"{_W}/skenario/{{disetujui}}/terapkan/"), _PLAN_WEB,
                                   body={"nomor_sk": "800/{case}"}),
    "planning:decision_xlsx": Row("GET", Fresh(f"{_W}/skenario/{{skenario}}/sk.xlsx"), _READ_SCENARIO),
    "planning:decision_pdf": Row("GET", Fresh(f"{_W}/skenario/{{skenario}}/sk.pdf"), _READ_SCENARIO),
}

_A = "/api/v1/planning"
PLANNING_API |= {
    ("PUT", f"{_A}/needs"): Row("PUT", f"{_A}/needs", expect("200/404", national_admin="200", **_WRITE),
                                body={"unor_id": "{unor}", "jabatan_id": "J-FUN", "kebutuhan": 2}),
    ("GET", f"{_A}/abk"): Row("GET", f"{_A}/abk?unor_id={{unor}}&jabatan_id=J-FUN", _READ_ONE),
    ("POST", f"{_A}/abk/tasks"): Row("POST", f"{_A}/abk/tasks", expect("201/404", national_admin="201", **_WRITE),
                                     body=_body_task()),
    ("DELETE", f"{_A}/abk/tasks/{{tugas_id}}"): Row("DELETE", Fresh(f"{_A}/abk/tasks/{{tugas}}"), expect(
        "204/404", national_admin="204", **_WRITE)),
    ("POST", f"{_A}/abk/apply"): Row("POST", Fresh(f"{_A}/abk/apply?t={{tugas}}"), expect(
        "200/404", national_admin="200", **_WRITE), body={"unor_id": "{unor}", "jabatan_id": "J-PEL"}),
    ("GET", f"{_A}/gaps"): Row("GET", f"{_A}/gaps?by=instansi", _READ, out_query="instansi_id={instansi}",
                               leak=("gap_json",)),
    ("GET", f"{_A}/scenarios"): Row("GET", Fresh(f"{_A}/scenarios?t={{skenario}}"), _READ, leak=("skenario_json",)),
    ("POST", f"{_A}/scenarios"): Row("POST", f"{_A}/scenarios", expect(
        "403", national_admin="201", national_analyst="201", agency_admin="201/404", unit_hr="404"),
        body={"nama": "Baru {case}", "cakupan": "INSTANSI", "cakupan_id": "{instansi}"}),
    ("GET", f"{_A}/scenarios/{{skenario_id}}"): Row("GET", Fresh(f"{_A}/scenarios/{{skenario}}"), _READ_SCENARIO),
    ("GET", f"{_A}/scenarios/{{skenario_id}}/moves"): Row("GET", Fresh(f"{_A}/scenarios/{{skenario}}/moves"),
                                                         _READ_SCENARIO),
    ("GET", f"{_A}/compare"): Row("GET", Fresh(f"{_A}/compare?ids={{skenario}}"), _READ_SCENARIO),
    ("POST", f"{_A}/scenarios/{{skenario_id}}/run"): Row("POST", Fresh(f"{_A}/scenarios/{{skenario}}/run"), expect(
        "403/404", national_admin="202", national_analyst="202", agency_admin="202/404", unit_hr="404",
        **_NO_VIEW), body={}),
    ("POST", f"{_A}/scenarios/{{skenario_id}}/review"): Row("POST", Fresh(f"{_A}/scenarios/{{skenario}}/review"), expect(
        "403/404", national_admin="200", national_analyst="403", agency_admin="200/404", unit_hr="404", **_NO_VIEW),
        body={}),
    ("POST", f"{_A}/scenarios/{{skenario_id}}/approve"): Row("POST", Fresh(f"{_A}/scenarios/{{ditinjau}}/approve"),
                                                            expect("403/404", national_admin="200",
                                                                   national_analyst="403", agency_admin="200/404",
                                                                   unit_hr="404", **_NO_VIEW),
                                                            body={"instansi_id": "{instansi}"}),
    ("POST", f"{_A}/scenarios/{{skenario_id}}/apply"): Row("POST", Fresh(f"{_A}/scenarios/{{disetujui}}/apply"), expect(
        "403/404", national_admin="200", national_analyst="403", agency_admin="200/404", unit_hr="404", **_NO_VIEW),
        body={"nomor_sk": "800/{case}"}),
}


def add_markers(scope: dict) -> None:
    """What a leaked row of the other regency would look like in a planning answer (spaces removed)."""
    scope["skenario_json"] = f'"nama":"Rencana-{scope["instansi"]}"'
    scope["skenario_html"] = f">Rencana-{scope['instansi']}<"
    scope["gap_json"] = f'"key":"{scope["instansi"]}"'
