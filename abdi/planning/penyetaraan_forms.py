"""Input of the penyetaraan screens: the shape of what a form posts. Who may do what, eligibility and the
proposal's state are checked by ``penyetaraan_services``, whose refusals the views show."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ProposeForm(forms.Form):
    pegawai = forms.MultipleChoiceField(label=_("Pegawai"), required=True)  # choices: the references posted
    jabatan_tujuan_id = forms.CharField(label=_("Jabatan fungsional tujuan"), max_length=40)
    catatan = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        posted = data.getlist("pegawai") if data is not None and hasattr(data, "getlist") else []
        self.fields["pegawai"].choices = [(v, v) for v in posted[:500] if isinstance(v, str) and len(v) <= 40]


class VersionForm(forms.Form):
    versi = forms.IntegerField(label=_("Versi"), min_value=1, required=False)


class ApproveForm(VersionForm):
    catatan = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class RejectForm(VersionForm):
    alasan = forms.CharField(label=_("Alasan penolakan"), max_length=500, required=False)


class ApplyForm(VersionForm):
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    tanggal_sk = forms.DateField(label=_("Tanggal SK"), required=False)
    tmt = forms.DateField(label=_("TMT jabatan fungsional"), required=False)


class RulesForm(forms.Form):
    kecualikan_pimpinan_unit = forms.BooleanField(label=_("Kecualikan pimpinan unit kerja"), required=False)
    jabatan_dikecualikan = forms.CharField(label=_("Jabatan yang dikecualikan"), max_length=20000, required=False)

    def clean_jabatan_dikecualikan(self) -> list[str]:
        ids = self.cleaned_data["jabatan_dikecualikan"].replace(",", " ").split()
        if any(len(i) > 40 for i in ids):
            raise forms.ValidationError(_("ID jabatan paling panjang 40 karakter."))
        return ids
