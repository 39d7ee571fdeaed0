"""Post an admin change form as the browser would, with only the changes a test makes."""

from django import forms


def change_form_data(response) -> dict:
    """What the admin change form in ``response`` posts if the editor changes nothing."""
    admin_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        admin_forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in admin_forms:
        for field in form:
            data |= _posted(field)
    return data


def _posted(field: forms.BoundField) -> dict:
    widget, value = field.field.widget, field.value()
    if isinstance(widget, forms.FileInput):
        return {}
    if isinstance(widget, forms.MultiWidget):
        values = value if isinstance(value, list) else widget.decompress(value)
        return {
            field.html_name + suffix: _text(part)
            for suffix, part in zip(widget.widgets_names, values, strict=True)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {field.html_name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {field.html_name: [_text(item) for item in value]}
    return {field.html_name: _text(value)}


def _text(value) -> str:
    return "" if value is None else str(value)
