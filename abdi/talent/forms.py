"""Input of the talent screens: the shape of what a form posts (numbers, choices, ids). The rules themselves
(required reason, who may do what, which agency) are checked by ``talent.services``, whose refusals the views
show; these forms only turn the posted strings into the services' arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.talent.models import KelompokTalenta

BOXES = [(n, str(n)) for n in range(1, 10)]


def _code(label, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=40, required=required, strip=True)


class YearForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class RecomputeForm(YearForm):
    instansi_id = _code(_("Instansi"), required=False)


class SessionOpenForm(YearForm):
    nama = forms.CharField(label=_("Nama sesi"), max_length=200, required=False)
    instansi_id = _code(_("Instansi"))
    unor_id = _code(_("Unit"), required=False)


class CommitteeForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    instansi_id = _code(_("Instansi"))
    unor_id = _code(_("Unit"), required=False)


class MoveForm(forms.Form):
    pegawai = forms.CharField(label=_("Pegawai"), max_length=40)
    kotak = forms.TypedChoiceField(label=_("Kotak tujuan"), choices=BOXES, coerce=int)
    alasan = forms.CharField(label=_("Alasan"), max_length=2000, required=False, strip=False)


class CloseForm(forms.Form):
    catatan = forms.CharField(label=_("Catatan"), max_length=4000, required=False)


class PoolForm(forms.Form):
    nama = forms.CharField(label=_("Nama kelompok"), max_length=200, required=False)
    tingkat = forms.ChoiceField(label=_("Tingkat"), choices=KelompokTalenta.Tingkat.choices)
    instansi_id = _code(_("Instansi"), required=False)
    kotak = forms.TypedMultipleChoiceField(label=_("Kotak"), choices=BOXES, coerce=int)
    min_tahun_sebelum_pensiun = forms.IntegerField(label=_("Batas tahun sebelum pensiun"), min_value=0,
                                                   max_value=10, initial=2)


class KeyPositionForm(forms.Form):
    unor_id = _code(_("ID unit"))
    jabatan_id = _code(_("ID jabatan"))
    catatan = forms.CharField(label=_("Catatan"), max_length=2000, required=False)


class RankForm(forms.Form):
    instansi_id = _code(_("Instansi"), required=False)


class EmergencyForm(forms.Form):
    pegawai = forms.CharField(label=_("Pengganti darurat"), max_length=40, required=False)
