"""`{% load form_tags %}`: public forms' fields, and what every form shows besides them.

``{% form_field form.name %}`` is the one way public forms write a field, in the Bootstrap 5
markup and ARIA that crispy-forms' bootstrap5 pack gives it: label (a legend in a fieldset
for radio buttons), the control, its errors and its hint, linked by ``aria-describedby``
and ``aria-invalid`` as Django's BoundField sets them. crispy finds and renders five to ten
small templates per field, and Django one or two more for each widget: the enquiry form
cost 15 ms. Here the whole field is written out in Python with ``format_html``, the control
from the widget's own context (``Widget.get_context()``, so values, choices, ``checked``
and ``selected`` are Django's). Text inputs, text areas, selects, checkboxes and radio
buttons are known; any other widget falls back to Django's own rendering. A blank field
(no data sent, no choices from the database) is the same for every visitor, so it is
written once per process. tests/genesis_site/test_form_fields.py holds every public form's
fields to crispy's markup.
"""

import functools

from django import forms, template
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from genesis_site.forms import PreparedChoices
from genesis_site.process_memory import ProcessMemory

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


# The classes crispy's bootstrap5 pack gives each kind of control.
CONTROL_CLASSES = {
    forms.Select: "form-select",
    forms.CheckboxInput: "form-check-input",
}


@register.simple_tag
def form_field(field: forms.BoundField) -> SafeString:
    options = field.field.choices if isinstance(field.field, forms.ModelChoiceField) else None
    if field.form.is_bound or (options is not None and not isinstance(options, PreparedChoices)):
        return _field_html(field)
    # A blank field is the same for every visitor: written once per process for each way
    # the form may set it up (and, for options from the database, each version of them).
    return _blank_fields.get(_blank_key(field, options), functools.partial(_field_html, field))


_blank_fields = ProcessMemory(size=256)


def _blank_key(field: forms.BoundField, options: "PreparedChoices | None") -> tuple:
    """Everything a blank field's markup shows."""
    widget = field.field.widget
    return (
        options.version() if options is not None else None,
        type(field.form),
        type(widget),
        field.html_name,
        field.auto_id,
        field.label,
        field.help_text,
        field.field.required,
        tuple(widget.attrs.items()),
        tuple(getattr(field.field, "choices", ())) if options is None else None,
        repr(field.value()),
    )


def _field_html(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    required = field.field.required
    label = format_html(
        "{}{}", field.label, mark_safe('<span class="asteriskField">*</span>') if required else ""
    )
    required_class = " requiredField" if required else ""
    errors, hint = _errors(field), _hint(field)
    if isinstance(widget, forms.RadioSelect):
        described_by = field.aria_describedby
        return format_html(
            '<div id="div_{}" class="mb-3">\n  <fieldset{}>\n'
            '    <legend class="form-label{} fs-6">{}</legend>\n    <div>\n{}\n    </div>{}\n'
            "  </fieldset>\n</div>",
            field.auto_id,
            format_html(' aria-describedby="{}"', described_by) if described_by else "",
            required_class,
            label,
            _radios(field, errors),
            hint,
        )
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3">\n  <div id="div_{}" class="form-check">\n    {}\n'
            '    <label for="{}" class="form-check-label{}">{}</label>{}{}\n  </div>\n</div>',
            field.auto_id,
            _control(field),
            field.id_for_label,
            required_class,
            label,
            errors,
            hint,
        )
    return format_html(
        '<div id="div_{}" class="mb-3">\n  <label for="{}" class="form-label{}">{}</label>\n'
        "  {}{}{}\n</div>",
        field.auto_id,
        field.id_for_label,
        required_class,
        label,
        _control(field),
        errors,
        hint,
    )


def _errors(field: forms.BoundField) -> SafeString:
    if not field.errors:
        return mark_safe("")
    return format_html(
        '\n<div id="{}_error" class="invalid-feedback">{}\n</div>',
        field.auto_id,
        format_html_join(
            "",
            '\n  <p id="error_{}_{}"><strong>{}</strong></p>',
            ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
        ),
    )


def _hint(field: forms.BoundField) -> SafeString:
    """The help text, which (as in crispy's templates) may hold HTML: it is ours, not typed."""
    if not field.help_text:
        return mark_safe("")
    return format_html(
        '\n<div id="{}_helptext" class="form-text">{}</div>',
        field.auto_id,
        mark_safe(field.help_text),
    )


def _control(field: forms.BoundField) -> SafeString:
    """The control with the classes crispy's bootstrap5 pack gives it."""
    widget = field.field.widget
    bootstrap = next(
        (css for kind, css in CONTROL_CLASSES.items() if isinstance(widget, kind)),
        "form-control",
    )
    css = f"{type(widget).__name__.lower()} {bootstrap}"
    attrs = field.build_widget_attrs({"class": f"{css} is-invalid" if field.errors else css})
    attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if isinstance(widget, forms.Textarea):
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            context["name"],
            _attributes(context["attrs"]),
            context["value"] or "",
        )
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        options = format_html_join(
            "\n",
            '  <option value="{}"{}>{}</option>',
            (
                (option["value"], _attributes(option["attrs"]), option["label"])
                for _group, group, _index in context["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            context["name"],
            _attributes(context["attrs"]),
            options,
        )
    if isinstance(widget, Input | forms.CheckboxInput) and not isinstance(
        widget, forms.FileInput | forms.MultipleHiddenInput
    ):
        value = context["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            context["type"],
            context["name"],
            format_html(' value="{}"', value) if value is not None else "",
            _attributes(context["attrs"]),
        )
    return field.as_widget(attrs=attrs)


def _radios(field: forms.BoundField, errors: str) -> SafeString:
    """One ``form-check`` per option, as crispy's radio_checkbox_select.html wrote them.

    The errors go in the last one, beside an ``is-invalid`` input: Bootstrap shows an
    ``invalid-feedback`` only there.
    """
    css = "form-check-input is-invalid" if field.errors else "form-check-input"
    attrs = field.build_widget_attrs({})
    attrs.setdefault("id", field.auto_id)
    context = field.field.widget.get_context(field.html_name, field.value(), attrs)["widget"]
    options = [option for _group, group, _index in context["optgroups"] for option in group]
    return format_html_join(
        "\n",
        '<div class="form-check">\n  <input type="radio" class="{}" name="{}" value="{}"{}>\n'
        '  <label for="{}" class="form-check-label">{}</label>{}\n</div>',
        (
            (
                css,
                option["name"],
                option["value"],
                _attributes(option["attrs"]),
                option["attrs"]["id"],
                option["label"],
                mark_safe(errors) if option is options[-1] else "",
            )
            for option in options
        ),
    )


def _attributes(attrs: dict) -> SafeString:
    """Attributes as Django's widgets/attrs.html writes them: True bare, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False and value is not None
        )
    )
