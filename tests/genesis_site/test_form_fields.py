"""{% form_field %}: what a visitor and their screen reader get for each kind of field."""

from django import forms
from django.core.management import call_command
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase

from centres.forms import CentreSearchForm
from enquiries.forms import EnquiryForm, SatisfactionForm
from search.forms import SearchForm
from therapies.forms import HelpfulForm


class ExampleForm(forms.Form):
    name = forms.CharField(max_length=10, help_text="As on your <em>letters</em>.")
    colour = forms.ChoiceField(
        choices=[("red", "Red"), ("green", "Green")], widget=forms.RadioSelect
    )
    size = forms.ChoiceField(choices=[("", "Any"), ("small", "Small"), ("large", "Large")])
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(label="I agree")
    day = forms.DateField(widget=forms.SelectDateWidget(years=[2030]), required=False)


def render(form, name: str) -> str:
    return Template("{% load form_tags %}{% form_field field %}").render(
        Context({"field": form[name]})
    )


class FormFieldTests(SimpleTestCase):
    def test_a_text_field_with_its_label_hint_and_value(self):
        html = render(ExampleForm(initial={"name": 'Ann "A" <b>'}), "name")
        self.assertInHTML(
            '<label for="id_name" class="form-label requiredField">Name'
            '<span class="asteriskField">*</span></label>',
            html,
        )
        self.assertInHTML(
            '<input type="text" name="name" value="Ann &quot;A&quot; &lt;b&gt;" maxlength="10" '
            'class="textinput form-control" required aria-describedby="id_name_helptext" '
            'id="id_name">',
            html,
        )
        self.assertInHTML(
            '<div id="id_name_helptext" class="form-text">As on your <em>letters</em>.</div>', html
        )

    def test_errors_are_marked_and_announced(self):
        form = ExampleForm(data={"name": "far too long a name", "colour": "blue"})
        name = render(form, "name")
        self.assertIn('class="textinput form-control is-invalid"', name)
        self.assertIn('aria-invalid="true"', name)
        self.assertIn('aria-describedby="id_name_helptext id_name_error"', name)
        self.assertInHTML(
            '<div id="id_name_error" class="invalid-feedback"><p id="error_1_id_name"><strong>'
            "Ensure this value has at most 10 characters (it has 19).</strong></p></div>",
            name,
        )
        colour = render(form, "colour")
        self.assertIn('<fieldset aria-describedby="id_colour_error">', colour)
        # Bootstrap shows the errors only beside an is-invalid input: in the last option.
        self.assertInHTML(
            '<div class="form-check"><input type="radio" class="form-check-input is-invalid" '
            'name="colour" value="green" required aria-invalid="true" id="id_colour_1">'
            '<label for="id_colour_1" class="form-check-label">Green</label>'
            '<div id="id_colour_error" class="invalid-feedback"><p id="error_1_id_colour">'
            "<strong>Select a valid choice. blue is not one of the available choices.</strong>"
            "</p></div></div>",
            colour,
        )

    def test_choices_keep_what_was_chosen(self):
        form = ExampleForm(
            data={"colour": "green", "size": "large", "note": "Hello", "agree": "on"}
        )
        self.assertIn('value="green" required id="id_colour_1" checked>', render(form, "colour"))
        self.assertInHTML('<option value="large" selected>Large</option>', render(form, "size"))
        self.assertInHTML(
            '<textarea name="note" cols="40" rows="3" class="textarea form-control" '
            'id="id_note">Hello</textarea>',
            render(form, "note"),
        )
        self.assertInHTML(
            '<input type="checkbox" name="agree" class="checkboxinput form-check-input" required '
            'id="id_agree" checked>',
            render(form, "agree"),
        )

    def test_other_widgets_are_rendered_by_django(self):
        self.assertIn('<select name="day_day"', render(ExampleForm(), "day"))


class SameMarkupAsCrispyTests(TestCase):
    """Every field of every public form, blank and sent back with errors, is written as
    crispy-forms' bootstrap5 pack writes it, so the styles and the error summary's links fit."""

    def test_every_public_form_field_matches_crispy(self):
        call_command("load_demo_content", verbosity=0)
        too_long = "x" * 5000
        for form_class in (
            EnquiryForm,
            SatisfactionForm,
            CentreSearchForm,
            SearchForm,
            HelpfulForm,
        ):
            blank = form_class()
            wrong = form_class(data=dict.fromkeys(blank.fields, too_long))
            wrong.is_valid()
            for form in (blank, wrong):
                for field in form:
                    with self.subTest(
                        form=form_class.__name__, field=field.name, bound=form.is_bound
                    ):
                        self.assertHTMLEqual(
                            Template("{% load form_tags %}{% form_field f %}").render(
                                Context({"f": field})
                            ),
                            Template(
                                "{% load crispy_forms_filters %}{{ f|as_crispy_field }}"
                            ).render(Context({"f": field})),
                        )
