"""Input of the needs and plan screens: the shape of what a form posts (numbers, choices, ids). Who may do
what and the rules themselves are checked by ``planning.needs`` and ``planning.services``, whose refusals
the views show; these forms only turn the posted strings into the services' arguments."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


def _code(label, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=40, required=required, strip=True)


class NeedForm(forms.Form):
    jabatan_id = _code(_("ID jabatan"))
    kebutuhan = forms.IntegerField(label=_("Kebutuhan"), min_value=0, max_value=100_000)
    prioritas = forms.IntegerField(label=_("Prioritas"), min_value=1, max_value=99, required=False)


class TaskForm(forms.Form):
    uraian = forms.CharField(label=_("Uraian tugas"), max_length=200)
    satuan = forms.CharField(label=_("Satuan hasil"), max_length=60, required=False)
    volume = forms.DecimalField(label=_("Volume setahun"), min_value=Decimal("0.01"), max_value=Decimal("9999999999"),
                                decimal_places=2)
    norma_jam = forms.DecimalField(label=_("Norma waktu (jam)"), min_value=Decimal("0.01"),
                                   max_value=Decimal("999999"), decimal_places=2)


class AbkApplyForm(forms.Form):
    prioritas = forms.IntegerField(label=_("Prioritas"), min_value=1, max_value=99, required=False)


YES_NO = [("", _("sesuai aturan berlaku")), ("1", _("Ya")), ("0", _("Tidak"))]
KELUARGA = [("", _("sesuai aturan berlaku")), ("JABATAN", _("Jabatan yang sama")),
            ("RUMPUN", _("Rumpun jabatan yang sama"))]
CAKUPAN = [("UNOR", _("Unit organisasi (beserta bawahannya)")), ("INSTANSI", _("Instansi")),
           ("PROVINSI", _("Provinsi")), ("NASIONAL", _("Nasional"))]
# the optional overrides of the ``planning.redistribusi`` rule set offered on the form
INT_PARAMETERS = ("kursi_terdekat", "biaya_per_km", "penalti_lintas_instansi", "penalti_lintas_provinsi",
                  "penalti_lintas_jabatan", "min_tahun_di_jabatan")


def _optional_int(label, maximum: int = 1_000_000) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=maximum, required=False)


class ScenarioForm(forms.Form):
    nama = forms.CharField(label=_("Nama skenario"), max_length=120)
    cakupan = forms.ChoiceField(label=_("Cakupan"), choices=CAKUPAN)
    cakupan_id = _code(_("ID cakupan"), required=False)
    tahun = forms.IntegerField(label=_("Tahun rencana"), min_value=2000, max_value=2100, required=False)
    kursi_terdekat = _optional_int(_("Kursi terdekat per kelompok (K)"), 10_000)
    biaya_per_km = _optional_int(_("Biaya per km"))
    penalti_lintas_instansi = _optional_int(_("Penalti lintas instansi"))
    penalti_lintas_provinsi = _optional_int(_("Penalti lintas provinsi"))
    penalti_lintas_jabatan = _optional_int(_("Penalti lintas jabatan"))
    keluarga = forms.ChoiceField(label=_("Keluarga jabatan"), choices=KELUARGA, required=False)
    min_tahun_di_jabatan = _optional_int(_("Minimal tahun di jabatan"), 40)
    cek_hukdis = forms.ChoiceField(label=_("Periksa hukuman disiplin"), choices=YES_NO, required=False)

    def parameter(self) -> dict:
        """The overrides given (an empty field keeps the rule set's value)."""
        data = self.cleaned_data
        out = {k: data[k] for k in INT_PARAMETERS if data.get(k) is not None}
        if data.get("keluarga"):
            out["keluarga"] = data["keluarga"]
        if data.get("cek_hukdis") in ("0", "1"):
            out["cek_hukdis"] = data["cek_hukdis"] == "1"
        return out


class VersionForm(forms.Form):
    versi = forms.IntegerField(label=_("Versi"), min_value=1, required=False)


class ApproveForm(VersionForm):
    instansi_id = _code(_("Instansi"))
    catatan = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class ApplyForm(VersionForm):
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100)
    tanggal = forms.DateField(label=_("Tanggal berlaku"), required=False)
