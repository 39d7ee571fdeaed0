"""Every form accepts only what its database columns can hold.

A form that lets through a longer value than the column holds loses the submission
with a 500 on PostgreSQL (SQLite stores it anyway, so nothing else notices); a choice
the column does not know is stored as junk. This walks every field of every form in
the project and of every admin form, and compares it with the model field it is stored
in: the same max_length, and no choice the model field does not offer.
"""

from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import RequestFactory, TestCase
from django.utils.module_loading import autodiscover_modules

from aftercare.forms import TreatmentDateForm
from centres.forms import CentreSearchForm
from centres.models import Centre
from editorial.forms import PageAdminForm, PublishForm
from editorial.models import Revision
from enquiries.admin_conversation import ReplyForm
from enquiries.forms import (
    EnquiryForm,
    FirstResponseForm,
    ReportPeriodForm,
    SatisfactionForm,
    SubjectAccessForm,
)
from enquiries.models import Enquiry, SatisfactionAnswer
from genesis_site.forms import OneTimeCodeForm
from outbox.models import OutboundEmail
from search.admin import PinnedPageForm
from search.forms import SearchForm
from search.models import UnansweredSearch
from tests.factories import make_superuser
from therapies.forms import HelpfulForm
from therapies.models import PageFeedback, Therapy

# The model that stores each plain form's answers, under the form's field names unless
# STORED_AS says otherwise. (A ModelForm's model is its Meta.model.)
FORM_MODELS = {
    EnquiryForm: Enquiry,
    FirstResponseForm: Enquiry,
    # Not stored, but looked up there: a longer address can never be found.
    SubjectAccessForm: Enquiry,
    SatisfactionForm: SatisfactionAnswer,
    HelpfulForm: PageFeedback,
}

# Form fields stored under another name, or in another model than the form's.
STORED_AS = {
    (FirstResponseForm, "method"): Enquiry._meta.get_field("first_response_method"),
    (FirstResponseForm, "responded_at"): Enquiry._meta.get_field("first_response_at"),
    (PageAdminForm, "change_note"): Revision._meta.get_field("note"),
    (PublishForm, "note"): Revision._meta.get_field("note"),
    (PublishForm, "next_review_due"): Therapy._meta.get_field("next_review_due"),
    (ReplyForm, "subject"): OutboundEmail._meta.get_field("subject"),
    (ReplyForm, "body"): OutboundEmail._meta.get_field("body"),
    # The words of a search that found nothing are counted under them.
    (SearchForm, "q"): UnansweredSearch._meta.get_field("term"),
}

# Form fields whose answer is not stored in any column, and why.
NOT_STORED = {
    (EnquiryForm, "consent"): "stored as the consent wording's version and time",
    (EnquiryForm, "website"): "the honeypot: people leave it empty",
    (PublishForm, "action"): "chooses what happens",
    (PublishForm, "seen"): "the revision the reviewer saw",
    (CentreSearchForm, "therapy"): "a search",
    (CentreSearchForm, "q"): "a search",
    (ReportPeriodForm, "start"): "the report's period",
    (ReportPeriodForm, "end"): "the report's period",
    (OneTimeCodeForm, "code"): "checked against the authenticator device",
    (PinnedPageForm, "page"): "split into the page's content type and id, each its own column",
    **{
        (TreatmentDateForm, part): "the aftercare planner stores nothing"
        for part in TreatmentDateForm.parts
    },
}

# Columns whose form field is allowed more characters than the column holds, because
# the form normalises what was typed and only the shorter normalised value is stored.
NORMALISED_BEFORE_STORED = {
    Enquiry._meta.get_field("phone"): "stored in E.164 form, at most 16 characters",
    Centre._meta.get_field("postcode"): "stored as 'SL4 3HD'; the validator checks that",
}


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's own apps (those beside manage.py)."""
    autodiscover_modules("forms")
    packages = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    }
    found, stack = [], [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.split(".")[0] in packages:
                found.append(subclass)
    return found


def model_field(model: type[models.Model] | None, name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def mismatches(form_field: forms.Field, column: models.Field) -> list[str]:
    """How ``form_field`` lets through what ``column`` cannot hold."""
    problems = []
    if (
        isinstance(form_field, forms.CharField)
        and column.max_length is not None
        and form_field.max_length != column.max_length
        and column not in NORMALISED_BEFORE_STORED
    ):
        problems.append(f"max_length {form_field.max_length}, column {column.max_length}")
    if column.choices and not isinstance(form_field, forms.ModelChoiceField):
        if not hasattr(form_field, "choices"):
            problems.append("free text for a column with choices")
        else:
            offered = {str(value) for value, _ in form_field.choices if value != ""}
            if unknown := offered - {str(value) for value, _ in column.flatchoices}:
                problems.append(f"choices the column does not know: {sorted(unknown)}")
    queryset = getattr(form_field, "queryset", None)
    if column.is_relation and queryset is not None and queryset.model != column.related_model:
        problems.append(f"chooses {queryset.model.__name__} objects")
    return problems


class FormLimitsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_superuser()

    def admin_forms(self):
        """(label, model, form class) of every admin form that takes input, and inline form.

        Records nobody adds by hand are checked through their change form, which holds only
        the fields staff may still edit.
        """
        request = RequestFactory().get("/")
        request.user = self.superuser
        for model, model_admin in admin.site._registry.items():
            adding = model_admin.has_add_permission(request)
            yield str(model_admin), model, model_admin.get_form(request, change=not adding)
            for inline in model_admin.get_inline_instances(request):
                label = f"{model_admin} {type(inline).__name__}"
                yield label, inline.model, inline.get_formset(request).form

    def test_every_admin_form_field_fits_its_column(self):
        checked, problems = 0, []
        for label, model, form in self.admin_forms():
            for name, form_field in form.base_fields.items():
                if column := model_field(model, name):
                    checked += 1
                    problems += [f"{label}.{name}: {p}" for p in mismatches(form_field, column)]
        self.assertGreater(checked, 50)
        self.assertEqual(problems, [])

    def test_every_project_form_field_fits_its_column(self):
        forms_found = project_forms()
        self.assertIn(EnquiryForm, forms_found)
        problems = []
        for form in forms_found:
            model = getattr(getattr(form, "_meta", None), "model", None) or FORM_MODELS.get(form)
            for name, form_field in form.base_fields.items():
                if (form, name) in NOT_STORED:
                    continue
                column = STORED_AS.get((form, name)) or model_field(model, name)
                if column is None:
                    problems.append(
                        f"{form.__name__}.{name}: say where it is stored (STORED_AS) "
                        "or that it is not (NOT_STORED)"
                    )
                    continue
                problems += [f"{form.__name__}.{name}: {p}" for p in mismatches(form_field, column)]
        self.assertEqual(problems, [])

    def test_the_exceptions_are_still_needed(self):
        # A stale entry would hide a future mismatch of the same field.
        enquiry_phone = EnquiryForm.base_fields["phone"]
        self.assertNotEqual(enquiry_phone.max_length, Enquiry._meta.get_field("phone").max_length)
        self.assertIsNone(Centre._meta.get_field("postcode").formfield().max_length)
        for form, name in [*STORED_AS, *NOT_STORED]:
            self.assertIn(name, form.base_fields, f"{form.__name__}.{name} is gone")
