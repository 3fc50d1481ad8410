"""Forms of the outreach pages. They parse what was typed; the rules are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desabinaan.accounts.models import Role, User
from desabinaan.core.forms import BootstrapForm
from desabinaan.core.refusals import MAX_REASON, MIN_REASON
from desabinaan.core.widgets import DateInput
from desabinaan.literacy.models import Quiz, Topic
from desabinaan.regions.forms import RegionField
from desabinaan.regions.models import Level, Office, OfficeKind

from .models import ActivityKind, ActivityStatus, PartnerInstitution
from .services import ActivityInput

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker that shows the saved value (ISO, as the browser sends)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=LOCAL_DATETIME)


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput,
        input_formats=[LOCAL_DATETIME, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("Isi tanggal dan jam, misalnya 2026-03-14 09:00.")},
    )


class ActivityForm(BootstrapForm, forms.Form):
    labels_say_optional = False
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200)
    starts_at = _datetime_field(_("Mulai"))
    ends_at = _datetime_field(_("Selesai"))
    kecamatan = RegionField(level=Level.KECAMATAN, label=_("Kecamatan"))
    desa = RegionField(
        label=_("Desa (kosongkan bila kegiatan untuk satu kecamatan)"), required=False
    )
    venue = forms.CharField(label=_("Tempat (gedung, balai)"), max_length=200, required=False)
    office = forms.ModelChoiceField(
        label=_("Kantor penyelenggara"), queryset=Office.objects.none(), required=False
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("Petugas yang hadir"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners_present = forms.MultipleChoiceField(
        label=_("Mitra yang hadir"),
        choices=PartnerInstitution.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topik"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Catatan (internal)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    public_summary = forms.CharField(
        label=_("Ringkasan untuk publik"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Tampil di halaman publik setelah kegiatan terlaksana. Jangan sebut nama peserta."
        ),
    )
    notice_posted = forms.BooleanField(label=_("Pengumuman dipasang"), required=False)
    certificate_posted = forms.BooleanField(label=_("Piagam dipasang"), required=False)
    corner_checked = forms.BooleanField(label=_("Imigrasi Corner diperiksa"), required=False)
    partner_met = forms.BooleanField(label=_("Bertemu mitra desa"), required=False)
    latitude = forms.DecimalField(
        label=_("Lintang"), max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(label=_("Bujur"), max_digits=9, decimal_places=6, required=False)
    quiz = forms.ModelChoiceField(
        label=_("Kuis sebelum/sesudah"), queryset=Quiz.objects.none(), required=False
    )

    def __init__(self, *args, actor, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.proposal = actor.has_role(Role.MITRA)
        if actor.everywhere or actor.is_system:
            self.fields["office"].queryset = Office.objects.filter(kind=OfficeKind.KANIM).order_by(
                "name"
            )
        else:
            del self.fields["office"]
        if self.proposal:
            for name in (
                "officers",
                "quiz",
                "notice_posted",
                "certificate_posted",
                "corner_checked",
                "partner_met",
            ):
                del self.fields[name]
        else:
            office = office or (actor.user.office if actor.user is not None else None)
            self.fields["officers"].queryset = (
                User.objects.filter(
                    office=office, role__in=(Role.PIMPASA, Role.KANIM), is_active=True
                ).order_by("first_name", "username")
                if office is not None
                else User.objects.none()
            )
            self.fields["officers"].label_from_instance = lambda u: u.display_name
            self.fields["quiz"].queryset = Quiz.objects.filter(published=True)
        self.style()

    def clean(self):
        data = super().clean()
        kecamatan, desa = data.get("kecamatan"), data.get("desa")
        if kecamatan and desa and desa.parent_id != kecamatan.code:
            self.add_error("desa", _("Desa ini tidak berada di kecamatan yang dipilih."))
        return data

    @property
    def area(self):
        return self.cleaned_data.get("desa") or self.cleaned_data.get("kecamatan")

    def to_input(self) -> ActivityInput:
        d = self.cleaned_data
        return ActivityInput(
            kind=d["kind"],
            title=d["title"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            region=self.area,
            venue=d["venue"],
            office=d.get("office"),
            officers=list(d.get("officers") or []),
            partners_present=list(d["partners_present"]),
            topics=list(d["topics"]),
            notes=d["notes"],
            public_summary=d["public_summary"],
            notice_posted=d.get("notice_posted", False),
            certificate_posted=d.get("certificate_posted", False),
            corner_checked=d.get("corner_checked", False),
            partner_met=d.get("partner_met", False),
            latitude=d.get("latitude"),
            longitude=d.get("longitude"),
            quiz=d.get("quiz"),
        )

    @staticmethod
    def initial_for(activity) -> dict:
        region = activity.region
        is_desa = region.level == Level.DESA
        local = timezone.localtime
        return {
            "kind": activity.kind,
            "title": activity.title,
            "starts_at": local(activity.starts_at).replace(tzinfo=None),
            "ends_at": local(activity.ends_at).replace(tzinfo=None),
            "kecamatan": region.parent_id if is_desa else region.code,
            "desa": region.code if is_desa else "",
            "venue": activity.venue,
            "office": activity.office_id,
            "officers": [u.pk for u in activity.officers.all()],
            "partners_present": activity.partners_present,
            "topics": activity.topics,
            "notes": activity.notes,
            "public_summary": activity.public_summary,
            "notice_posted": activity.notice_posted,
            "certificate_posted": activity.certificate_posted,
            "corner_checked": activity.corner_checked,
            "partner_met": activity.partner_met,
            "latitude": activity.latitude,
            "longitude": activity.longitude,
            "quiz": activity.quiz_id,
        }


class MarkHeldForm(BootstrapForm, forms.Form):
    """Terlaksana; for a pencanangan the SK of the designation, for a pengukuhan the officer
    inaugurated and the SK."""

    sk_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    pimpasa = forms.ModelChoiceField(
        label=_("Petugas yang dikukuhkan sebagai PIMPASA"),
        queryset=User.objects.none(),
        required=False,
    )
    replace = forms.BooleanField(
        label=_("Gantikan PIMPASA yang sekarang (penugasannya berakhir pada tanggal ini)"),
        required=False,
    )

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pimpasa"].queryset = User.objects.filter(
            role=Role.PIMPASA, office_id=activity.office_id, is_active=True
        ).order_by("first_name", "username")
        self.fields["pimpasa"].label_from_instance = lambda u: u.display_name
        if activity.kind not in ("pencanangan", "pengukuhan"):
            for name in ("sk_number", "pimpasa", "replace"):
                del self.fields[name]
        elif activity.kind == "pencanangan":
            del self.fields["pimpasa"], self.fields["replace"]
        self.style()


class CancelForm(BootstrapForm, forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        min_length=MIN_REASON,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Tulis alasan pembatalan."),
            "min_length": _("Tulis alasan pembatalan (paling sedikit %(limit_value)d karakter)."),
        },
    )


class AttendanceForm(BootstrapForm, forms.Form):
    total = forms.IntegerField(label=_("Jumlah peserta"), min_value=0)
    male = forms.IntegerField(label=_("Laki-laki"), min_value=0)
    female = forms.IntegerField(label=_("Perempuan"), min_value=0)
    under_18 = forms.IntegerField(label=_("Di bawah 18 tahun"), min_value=0)
    age_18_30 = forms.IntegerField(label=_("18–30 tahun"), min_value=0)
    age_31_59 = forms.IntegerField(label=_("31–59 tahun"), min_value=0)
    age_60_plus = forms.IntegerField(label=_("60 tahun ke atas"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["min_value"] = _("Jumlah tidak boleh negatif.")
            field.error_messages["invalid"] = _("Isi dengan bilangan bulat.")
            field.error_messages["required"] = _("Isi jumlahnya (0 bila tidak ada).")
            field.widget.attrs.setdefault("inputmode", "numeric")


class PhotoForm(BootstrapForm, forms.Form):
    image = forms.FileField(
        label=_("Foto"),
        error_messages={"required": _("Pilih foto.")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    caption = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class ParticipantForm(BootstrapForm, forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=120)
    institution = forms.CharField(label=_("Instansi/lembaga"), max_length=150, required=False)
    consent = forms.BooleanField(
        label=_("Peserta bersedia namanya dicatat"),
        required=False,
        help_text=_("Nama tidak pernah tampil di halaman publik."),
    )


class FilterForm(BootstrapForm, forms.Form):
    """The list's filters (GET). Unknown values are shown as errors, never silently dropped."""

    kind = forms.ChoiceField(
        label=_("Jenis"), choices=[("", _("Semua jenis")), *ActivityKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua status")), *ActivityStatus.choices],
        required=False,
    )
    office = forms.ModelChoiceField(
        label=_("Kantor"),
        queryset=Office.objects.filter(kind=OfficeKind.KANIM).order_by("name"),
        required=False,
        empty_label=_("Semua kantor"),
    )
    wilayah = forms.ChoiceField(
        label=_("Wilayah"),
        required=False,
        error_messages={"invalid_choice": _("Pilih wilayah dari daftar.")},
    )
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput)
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput)

    def __init__(self, *args, places: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # The places the user's activities are held in (a kecamatan holds its desa).
        self.fields["wilayah"].choices = [("", _("Semua wilayah")), *places]

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        for name in ("dari", "sampai"):
            # A far year is a typo (and would overflow the conversion to UTC).
            if data.get(name) and not 2000 <= data[name].year <= 2100:
                self.add_error(name, _("Tahun ini tidak mungkin: periksa tanggalnya."))
                return data
        if start and end and end < start:
            self.add_error("sampai", _("Tanggal akhir harus sesudah tanggal awal."))
        return data


def month_from(raw: str) -> tuple[int, int] | None:
    """'2026-03' → (2026, 3); None for anything else."""
    try:
        day = dt.datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        return None
    if not 2000 <= day.year <= 2100:
        return None
    return day.year, day.month
