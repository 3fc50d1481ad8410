"""The reusable region picker: a form field and widget for every form that asks for a place.

With htmx the picker offers cascading selects (provinsi → kabupaten → kecamatan → desa) and
type-to-search; without JavaScript the same widget works by round trips: a typed name is
resolved on submit (one match is taken, several come back as radio choices), and each submitted
cascade level comes back with the next level's options filled in."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import LEVEL_BY_DEPTH, Level, Region
from .selectors import region_children, region_resolve, region_search

DEPTH = {level: depth for depth, level in LEVEL_BY_DEPTH.items()}
MAX_CANDIDATES = 20


@dataclass
class PickerInput:
    """What a submitted picker holds: an explicit code, the cascade choices, the typed text."""

    code: str = ""
    cascade: list[str] = field(default_factory=list)
    q: str = ""

    def chosen_code(self, level: str) -> str:
        if self.code:
            return self.code
        depth = DEPTH[level]
        return self.cascade[depth - 1] if len(self.cascade) >= depth else ""


class RegionPickerWidget(forms.Widget):
    template_name = "regions/widgets/region_picker.html"

    def __init__(self, level: str = Level.DESA, attrs=None):
        super().__init__(attrs)
        self.level = level

    def value_from_datadict(self, data, files, name) -> PickerInput:
        cascade = []
        for depth in range(1, DEPTH[self.level] + 1):
            value = (data.get(f"{name}__{depth}") or "").strip()
            if not value:
                break
            cascade.append(value)
        return PickerInput(
            code=(data.get(name) or "").strip(),
            cascade=cascade,
            q=(data.get(f"{name}__q") or "").strip()[:100],
        )

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(k == name or k.startswith(f"{name}__") for k in data)

    def _as_input(self, value) -> PickerInput:
        if isinstance(value, PickerInput):
            return value
        if isinstance(value, Region):
            return PickerInput(code=value.code)
        return PickerInput(code=str(value or ""))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        state = self._as_input(value)
        depth = DEPTH[self.level]
        chosen = state.chosen_code(self.level)
        selected = Region.objects.filter(code=chosen, level=self.level).first() if chosen else None
        if not selected and state.q and not state.cascade:
            selected, _matches = region_resolve(q=state.q, level=self.level)
        # The codes selected at each cascade level: from the chosen region, else from the input.
        path_codes = selected.ancestor_codes() if selected else state.cascade
        levels = []
        parent = None
        for d in range(1, depth + 1):
            options = list(region_children(parent)) if d == 1 or parent else []
            current = path_codes[d - 1] if len(path_codes) >= d else ""
            if current and not any(o.code == current for o in options):
                current = ""
            levels.append(
                {
                    "depth": d,
                    "name": f"{name}__{d}",
                    "label": Level(LEVEL_BY_DEPTH[d]).label,
                    "options": options,
                    "current": current,
                }
            )
            parent = current or None
        candidates = []
        if state.q:
            candidates = list(region_search(q=state.q, level=self.level)[:MAX_CANDIDATES])
        context["picker"] = {
            "name": name,
            "id": context["widget"]["attrs"].get("id") or f"id_{name}",
            "level": self.level,
            "level_label": Level(self.level).label,
            "levels": levels,
            "selected": selected,
            "q": state.q,
            "candidates": candidates,
            "searched": bool(state.q),
        }
        return context


class RegionField(forms.Field):
    default_error_messages = {
        "required": gettext_lazy("Choose a place."),
    }

    def __init__(self, *, level: str = Level.DESA, **kwargs):
        self.level = level
        kwargs.setdefault("widget", RegionPickerWidget(level=level))
        super().__init__(**kwargs)

    def to_python(self, value) -> Region | None:
        state = value if isinstance(value, PickerInput) else PickerInput(code=str(value or ""))
        label = Level(self.level).label.lower()
        code = state.chosen_code(self.level)
        if code:
            region = Region.objects.filter(code=code, level=self.level).first()
            if region is None:
                raise forms.ValidationError(
                    _("No %(level)s has the code %(code)s. Choose from the list.")
                    % {"level": label, "code": code},
                    code="unknown",
                )
            return region
        if state.q:
            region, matches = region_resolve(q=state.q, level=self.level)
            if region:
                return region
            if not matches:
                raise forms.ValidationError(
                    _("No %(level)s matches “%(q)s”. Check the spelling or use the lists.")
                    % {"level": label, "q": state.q},
                    code="not_found",
                )
            raise forms.ValidationError(
                _("Several places match “%(q)s”: choose one below.") % {"q": state.q},
                code="ambiguous",
            )
        return None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def bound_data(self, data, initial):
        return data

    def has_changed(self, initial, data) -> bool:
        return str(initial or "") != (data.chosen_code(self.level) if data else "")


class RegionLookupForm(forms.Form):
    """The 'which office covers this village?' page."""

    desa = RegionField(label=gettext_lazy("Village"))
