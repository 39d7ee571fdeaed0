"""`{% load form_tags %}`: what every form on the site shows besides its fields.

The fields themselves are rendered by crispy-bootstrap5 (``{{ form.field|as_crispy_field }}``),
the one way for public forms.
"""

from django import forms, template

register = template.Library()


@register.inclusion_tag("components/error_summary.html")
def error_summary(form: forms.Form, form_id: str = "", admin: bool = False) -> dict:
    """The list of problems at the top of a form sent back with mistakes, each linked to
    its field: ``{% error_summary form form_id="enquiry-form" %}``.

    Errors about the whole form link to the element ``form_id`` names (no link without
    one). In the admin, pass ``admin=True`` for its error styling.
    """
    return {"errors": error_links(form, form_id), "admin": admin}


def error_links(form: forms.Form, form_id: str = "") -> list[tuple[str, str]]:
    """(link target, message) for each error, in the order the fields appear."""
    links = [(f"#{form_id}" if form_id else "", error) for error in form.non_field_errors()]
    for field in form:
        target = field.auto_id
        if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            target += "_0"  # the first option: a group of options has no element with its id
        links += [(f"#{target}", error) for error in field.errors]
    return links
