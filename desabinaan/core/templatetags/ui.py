from django import forms, template

register = template.Library()


@register.filter
def widget(bound_field):
    """Render a form field's widget with the Bootstrap class its kind needs."""
    w = bound_field.field.widget
    if isinstance(w, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    elif isinstance(w, forms.Select):
        css = "form-select"
    elif w.__class__.__name__ == "RegionPickerWidget":
        return bound_field.as_widget()
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    return bound_field.as_widget(attrs={"class": css})
