"""Forms of the participant side: the one-minute sign-in (radio buttons and one list, no
JavaScript) and the officers' question-and-answer form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from desabinaan.core.forms import BootstrapForm

from .participation_models import SignInAge, SignInSex
from .participation_services import MAX_ANSWER, MAX_NAME, MAX_QUESTION

OTHER_VILLAGE = "lain"


class SignInForm(BootstrapForm, forms.Form):
    name = forms.CharField(
        label=_("Nama"),
        required=False,
        max_length=MAX_NAME,
        error_messages={
            "max_length": _("Nama terlalu panjang: paling banyak %(limit_value)d huruf.")
        },
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=SignInSex.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih laki-laki atau perempuan."),
            "invalid_choice": _("Pilih laki-laki atau perempuan."),
        },
    )
    age_group = forms.ChoiceField(
        label=_("Kelompok umur"),
        choices=SignInAge.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih kelompok umur."),
            "invalid_choice": _("Pilih kelompok umur."),
        },
    )
    village = forms.ChoiceField(
        label=_("Desa tempat tinggal"),
        error_messages={
            "required": _("Pilih desa Anda, atau 'Desa lain'."),
            "invalid_choice": _("Pilih desa dari daftar, atau 'Desa lain'."),
        },
    )

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.villages = {v.code: v for v in villages}
        self.fields["village"].choices = [
            ("", _("— pilih desa —")),
            *((v.code, v.name) for v in villages),
            (OTHER_VILLAGE, _("Desa lain")),
        ]

    def cleaned_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["village"] = self.villages.get(data["village"])
        return data


class QuestionForm(BootstrapForm, forms.Form):
    question = forms.CharField(
        label=_("Pertanyaan warga"),
        max_length=MAX_QUESTION,
        error_messages={
            "required": _("Tulis pertanyaannya."),
            "max_length": _("Terlalu panjang: paling banyak %(limit_value)d huruf."),
        },
    )
    answer = forms.CharField(
        label=_("Jawaban yang diberikan"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Tulis jawaban yang diberikan."),
            "max_length": _("Terlalu panjang: paling banyak %(limit_value)d huruf."),
        },
    )
