"""Permission-matrix rows of penyetaraan jabatan (issue 7). ``matrix_feature_rows`` adds them to the
feature tables.

The targets are made per request: a ``Fresh`` template, when the matrix fills it, creates a new eligible
holder (``{holder}``) or a proposal (``{usulan}`` proposed, ``{disetujui}`` approved) in the scope's unit and
agency (``matrix_targets``), so each role's "in" and "out" request meets an object in the state the step needs,
whatever the requests before it did.

Who [U]: national admins and analysts, agency admins, unit HR officers and auditors see (inside their scope);
agency admins (their agencies) and national admins propose; national admins approve or refuse; the agency's
admin or a national admin applies. Supervisors, employees and users without a role get a 403."""

from __future__ import annotations

from abdi.web.tests.matrix import Row, expect
from abdi.web.tests.matrix_targets import penyetaraan_holder, penyetaraan_proposal

PENYETARAAN_WEB: dict[str, Row] = {}
PENYETARAAN_API: dict[tuple[str, str], Row] = {}


class Fresh(str):
    """A template (URL or body value) whose ``{holder}``, ``{usulan}`` and ``{disetujui}`` are created when it
    is filled, in the unit and agency of the values it is filled with."""

    def format(self, *args, **values):
        extra = {}
        if "{holder}" in self:
            extra["holder"] = penyetaraan_holder(values["instansi"], values["unor"])
        if "{usulan}" in self:
            extra["usulan"] = penyetaraan_proposal(values["instansi"], values["unor"])
        if "{disetujui}" in self:
            extra["disetujui"] = penyetaraan_proposal(values["instansi"], values["unor"], status="DISETUJUI")
        return str.format(self, *args, **values, **extra)


_NO_VIEW = {"supervisor": "403", "employee": "403", "norole": "403"}
_SEES = expect("200", **_NO_VIEW)
_SEES_ONE = expect("200/404", national_admin="200", national_analyst="200", **_NO_VIEW)
_W = "/perencanaan/penyetaraan"
_DECIDE_WEB = expect("403/404", national_admin="302", national_analyst="403", **_NO_VIEW)
PENYETARAAN_WEB |= {
    "planning:penyetaraan_home": Row("GET", f"{_W}/", _SEES, out_query="instansi={instansi}"),
    "planning:penyetaraan_propose": Row("POST", f"{_W}/usulkan/", expect(
        "403", national_admin="302", agency_admin="302/404"),
        body={"pegawai": [Fresh("{holder}")], "jabatan_tujuan_id": "J-FUN-AMU"}),
    "planning:penyetaraan_rules": Row("POST", f"{_W}/aturan/", expect("403", national_admin="302"),
                                      body={"kecualikan_pimpinan_unit": "on", "jabatan_dikecualikan": ""}),
    "planning:penyetaraan_proposals": Row("GET", f"{_W}/usulan/", _SEES, out_query="instansi={instansi}"),
    "planning:penyetaraan_proposal": Row("GET", Fresh(f"{_W}/usulan/{{usulan}}/"), _SEES_ONE),
    "planning:penyetaraan_approve": Row("POST", Fresh(f"{_W}/usulan/{{usulan}}/setujui/"), _DECIDE_WEB),
    "planning:penyetaraan_reject": Row("POST", Fresh(f"{_W}/usulan/{{usulan}}/tolak/"), _DECIDE_WEB,
                                       body={"alasan": "Jabatan menandatangani izin"}),
    "planning:penyetaraan_apply": Row("POST", Fresh(f"{_W}/usulan/{{disetujui}}/terapkan/"), expect(
        "403/404", national_admin="302", national_analyst="403", agency_admin="302/404", **_NO_VIEW),
        body={"nomor_sk": "800/1/2026"}),
    "planning:penyetaraan_effect": Row("GET", f"{_W}/dampak/?instansi={{instansi}}", _SEES_ONE),
}

_A = "/api/v1/planning/penyetaraan"
_DECIDE_API = expect("403/404", national_admin="200", national_analyst="403", **_NO_VIEW)
PENYETARAAN_API |= {
    ("GET", f"{_A}/candidates"): Row("GET", f"{_A}/candidates", _SEES, out_query="instansi_id={instansi}"),
    ("GET", f"{_A}/targets"): Row("GET", f"{_A}/targets?tingkat=PENGAWAS", _SEES),
    ("GET", f"{_A}/rules"): Row("GET", f"{_A}/rules", _SEES),
    ("PUT", f"{_A}/rules"): Row("PUT", f"{_A}/rules", expect("403", national_admin="200"),
                                body={"kecualikan_pimpinan_unit": True}),
    ("GET", f"{_A}/proposals"): Row("GET", f"{_A}/proposals", _SEES, out_query="instansi_id={instansi}"),
    ("POST", f"{_A}/proposals"): Row("POST", f"{_A}/proposals", expect(
        "403", national_admin="201", agency_admin="201/404"),
        body={"nips": [Fresh("{holder}")], "jabatan_tujuan_id": "J-FUN-AMU"}),
    ("GET", f"{_A}/proposals/{{usulan_id}}"): Row("GET", Fresh(f"{_A}/proposals/{{usulan}}"), _SEES_ONE),
    ("POST", f"{_A}/proposals/{{usulan_id}}/approve"): Row("POST", Fresh(f"{_A}/proposals/{{usulan}}/approve"),
                                                          _DECIDE_API, body={}),
    ("POST", f"{_A}/proposals/{{usulan_id}}/reject"): Row("POST", Fresh(f"{_A}/proposals/{{usulan}}/reject"),
                                                         _DECIDE_API, body={"alasan": "Menandatangani izin"}),
    ("POST", f"{_A}/proposals/{{usulan_id}}/apply"): Row("POST", Fresh(f"{_A}/proposals/{{disetujui}}/apply"), expect(
        "403/404", national_admin="200", national_analyst="403", agency_admin="200/404", **_NO_VIEW),
        body={"nomor_sk": "800/1/2026"}),
    ("GET", f"{_A}/effect"): Row("GET", f"{_A}/effect?instansi_id={{instansi}}", _SEES_ONE),
}
