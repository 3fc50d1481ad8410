"""Forms of the guides, FAQ and search part of the literacy app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from desabinaan.core.widgets import DateInput
from desabinaan.regions.models import Office, OfficeKind

from .models import Article, Faq, LocalNote


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
