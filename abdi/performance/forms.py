"""Input of the SKP screens: the shape of what a form posts (numbers, choices, the rows of indicators). The
rules themselves (required text, lengths, who may do what) are checked by ``performance.services``, whose
refusals the views show; these forms only turn the posted strings into the services' arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.performance import rules
from abdi.performance.models import HasilKerja

MAX_INDICATORS = 4  # a result takes 1–4 indicators on the form


class ResultForm(forms.Form):
    uraian = forms.CharField(label=_("Rencana hasil kerja"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    jenis = forms.ChoiceField(label=_("Jenis"), choices=HasilKerja.Jenis.choices, initial="UTAMA")
    intervensi = forms.TypedChoiceField(label=_("Mengintervensi hasil kerja atasan"), required=False, coerce=int,
                                        empty_value=None, choices=[])

    def __init__(self, *args, atasan_hasil=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervensi"].choices = [("", _("— tidak ada —"))] + [(h.pk, h.uraian[:120]) for h in atasan_hasil]


def indicators_from(data) -> list[dict]:
    """The indicator rows of a result form (``aspek_N``, ``ind_uraian_N``, ``target_N``, ``satuan_N`` for
    N = 0…3); a row left wholly empty is skipped, a partly filled one goes to the service to be judged."""
    rows = []
    for i in range(MAX_INDICATORS):
        row = {"aspek": data.get(f"aspek_{i}", ""), "uraian": data.get(f"ind_uraian_{i}", ""),
               "target": data.get(f"target_{i}", ""), "satuan": data.get(f"satuan_{i}", "")}
        if any((row[k] or "").strip() for k in ("uraian", "target", "satuan")):
            rows.append(row)
    return rows


def int_or_none(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


class DelegationForm(forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=18)
    penilai_nip = forms.CharField(label=_("NIP pejabat penilai (kosongkan untuk menghapus delegasi)"),
                                  max_length=18, required=False)
    alasan = forms.CharField(label=_("Alasan"), max_length=500)
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class OrgResultForm(forms.Form):
    unor_id = forms.CharField(label=_("Unit"), max_length=40)
    hasil = forms.ChoiceField(label=_("Capaian kinerja organisasi"),
                              choices=list(rules.ORG_RESULT_LABELS.items()))
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
