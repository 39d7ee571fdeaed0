"""What the admin says after each workflow button: one message, the one that is true."""

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from tests.editorial.admin_forms import change_form_data
from tests.factories import make_marketing_editor, make_site_page, make_therapy
from therapies.models import Therapy


def admin_url(name: str, page) -> str:
    return reverse(f"admin:{page._meta.app_label}_{page._meta.model_name}_{name}", args=[page.pk])


class AfterSavingADraftTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.therapy = make_therapy(title="Live title")

    def save_draft(self, button: dict) -> list[str]:
        self.client.force_login(self.editor)
        self.client.post(admin_url("start_draft", self.therapy))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        data = change_form_data(self.client.get(admin_url("change", draft)))
        # Drop the message about starting the draft, shown on the form just opened.
        list(get_messages(self.client.get(admin_url("change", draft)).wsgi_request))
        response = self.client.post(
            admin_url("change", draft), data | {"title": "Draft title"} | button, follow=True
        )
        return [str(message) for message in response.context["messages"]]

    def test_submitting_says_only_that_it_was_submitted(self):
        shown = self.save_draft({"_submit": "Save and submit"})
        self.assertIn(
            "Submitted for clinical review. A clinical reviewer will approve it or send it "
            "back to you.",
            shown,
        )
        self.assertNotIn("then submit it", " ".join(shown))

    def test_saving_says_what_comes_next(self):
        shown = self.save_draft({"_continue": "Save draft"})
        self.assertIn(
            "The public page has not changed: preview this draft, then submit it for "
            "clinical review.",
            shown,
        )
        self.assertNotIn("Submitted", " ".join(shown))

    def test_saving_a_site_page_says_to_publish_it(self):
        page = make_site_page(title="About us")
        self.client.force_login(self.editor)
        self.client.post(admin_url("start_draft", page))
        draft = type(page).with_drafts.get(draft_of=page)
        data = change_form_data(self.client.get(admin_url("change", draft)))
        list(get_messages(self.client.get(admin_url("change", draft)).wsgi_request))
        response = self.client.post(
            admin_url("change", draft), data | {"_continue": "Save draft"}, follow=True
        )
        self.assertIn(
            "The public page has not changed: preview this draft, then publish it.",
            [str(message) for message in response.context["messages"]],
        )
