"""Forms of the literacy app (guides, FAQ, search, quizzes, agency lookup, job-offer checker):
shape only; the rules live in services.py / redflags.py and come back through add_to_form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from desabinaan.core.widgets import DateInput
from desabinaan.regions.forms import RegionField
from desabinaan.regions.models import Level, Office, OfficeKind
from desabinaan.reports.services import MAX_DESCRIPTION

from .models import Article, Faq, LocalNote, RedFlag
from .redflags import MAX_AGENCY, MAX_TEXT
from .services import MAX_WEIGHT


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "topic",
            "audience",
            "body",
            "regulation",
            "sources",
            "facts_checked_on",
            "status",
        ]
        widgets = {
            "facts_checked_on": DateInput,
            "body": forms.Textarea(attrs={"rows": 18}),
            "sources": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "slug": _("The guide's address: lower-case letters, digits and hyphens."),
            "body": _("Markdown: ## for a heading, 1. for numbered steps, **bold**."),
        }

    def validate_unique(self):
        """The service checks the slug (one message, in words)."""


class LocalNoteForm(forms.ModelForm):
    office = forms.ModelChoiceField(
        label=_("Immigration office"), queryset=Office.objects.none(), required=False
    )

    class Meta:
        model = LocalNote
        fields = ["address", "hours", "phone", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, choose_office: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_office:
            self.fields["office"].queryset = Office.objects.filter(kind=OfficeKind.KANIM)
            self.fields["office"].required = True
        else:
            del self.fields["office"]


class FaqForm(forms.ModelForm):
    class Meta:
        model = Faq
        fields = ["question", "answer", "topic", "published", "source_kind", "source_ref"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 8})}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Article._meta.get_field("status").choices)


def quiz_form_class(quiz):
    """A form with one radio group per question (works without JavaScript)."""
    fields = {}
    for question in quiz.questions.all():
        fields[f"q{question.pk}"] = forms.TypedChoiceField(
            label=question.text,
            coerce=int,
            choices=[(c.pk, c.text) for c in question.choices.all()],
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose an answer."),
                "invalid_choice": _("Choose one of the answers shown."),
            },
        )
    return type("QuizForm", (forms.Form,), fields)


class AgencyLookupForm(forms.Form):
    nama = forms.CharField(
        label=_("Company name or licence number"),
        max_length=200,
        error_messages={
            "required": _("Write the company's name."),
            "max_length": _("Too long: at most %(limit_value)d characters."),
        },
    )


def _country_choices():
    return [("", _("— not stated —")), *((code, name) for code, name in countries)]


class OfferCheckForm(forms.Form):
    text = forms.CharField(
        label=_("The job offer's text"),
        help_text=_("Paste the whole message or post: WhatsApp, Facebook, TikTok."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Paste the job offer's text."),
            "max_length": _("The text is too long: at most %(limit_value)d characters."),
        },
    )
    destination_country = forms.ChoiceField(
        label=_("Destination country"),
        required=False,
        choices=_country_choices,
        error_messages={"invalid_choice": _("Unknown country. Choose one from the list.")},
    )
    agency_name = forms.CharField(
        label=_("Name of the company or agency"),
        required=False,
        max_length=MAX_AGENCY,
        error_messages={"max_length": _("Too long: at most %(limit_value)d characters.")},
    )


class OfferReportForm(forms.Form):
    """Sending a checked offer as a report: the offer (carried back in the page, never stored
    before this point), what it is about and the village."""

    CATEGORIES = [
        ("tppo", _("Trafficking or illegal recruitment (TPPO)")),
        ("pmi_nonprosedural", _("Someone leaving to work abroad without the procedure")),
    ]
    text = forms.CharField(
        max_length=MAX_DESCRIPTION,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Paste the job offer's text."),
            "max_length": _(
                "The offer is too long to send as a report (at most %(limit_value)d "
                "characters): shorten it to the important part."
            ),
        },
    )
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=CATEGORIES,
        widget=forms.RadioSelect,
        initial="tppo",
        error_messages={"required": _("Choose what the report is about.")},
    )
    desa = RegionField(level=Level.DESA, label=_("Your village (desa or kelurahan)"))


class RedFlagForm(forms.ModelForm):
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=MAX_WEIGHT)

    class Meta:
        model = RedFlag
        fields = ("title", "explanation", "patterns", "also_patterns", "weight", "active")
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "patterns": forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
            "also_patterns": forms.Textarea(attrs={"rows": 4, "class": "font-monospace"}),
        }
