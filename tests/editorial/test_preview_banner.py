"""The preview banner asks each viewer only for a step their permissions allow."""

from django.test import TestCase

from tests.factories import (
    make_clinical_reviewer,
    make_marketing_editor,
    make_site_page,
    make_therapy,
)

PUBLISH = "Publish it in the admin to show it to the public."
SUBMIT = "Submit it for clinical review in the admin"
APPROVE = "A clinical reviewer who did not make its last change approves it in the admin"


class PreviewBannerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.therapy = make_therapy(title="Draft therapy", is_published=False)
        cls.site_page = make_site_page(title="Draft page", is_published=False)

    def banner(self, user, page) -> str:
        self.client.force_login(user)
        response = self.client.get(page.get_preview_url())
        self.assertContains(response, "Preview: not published")
        return response.content.decode()

    def test_an_editor_is_asked_to_submit_a_therapy_page_not_to_publish_it(self):
        banner = self.banner(self.editor, self.therapy)
        self.assertIn(SUBMIT, banner)
        self.assertNotIn(PUBLISH, banner)

    def test_a_reviewer_is_told_who_approves_a_therapy_page(self):
        banner = self.banner(self.reviewer, self.therapy)
        self.assertIn(APPROVE, banner)
        self.assertNotIn(PUBLISH, banner)

    def test_an_editor_is_asked_to_publish_a_site_page(self):
        self.assertIn(PUBLISH, self.banner(self.editor, self.site_page))
