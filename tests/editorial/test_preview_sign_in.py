"""Draft preview asks for the admin's sign-in: with two-factor on, a password is not enough."""

import re

from django.test import TestCase, override_settings
from django.urls import reverse

from editorial import services
from tests.factories import make_marketing_editor, make_therapy, make_totp_device, totp_code

PREVIEW_BANNER = "Preview: not published"


def page_html(response) -> str:
    """The page, less what differs on every request: the CSRF token and the CSP nonce."""
    return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]+"', "", response.content.decode())


class PreviewSignInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Live title")
        cls.editor = make_marketing_editor()
        cls.device = make_totp_device(user=cls.editor)
        draft = services.draft_start(page=cls.therapy, by=cls.editor)
        draft.title = "Draft title"
        draft.save()

    def preview(self):
        return self.client.get(self.therapy.get_preview_url())

    @override_settings(ADMIN_REQUIRE_2FA=True)
    def test_a_password_alone_gets_exactly_the_public_page(self):
        public = page_html(self.client.get(self.therapy.get_absolute_url()))
        self.client.force_login(self.editor)

        response = self.preview()

        self.assertEqual(page_html(response), public)
        self.assertNotContains(response, "Draft title")
        self.assertNotContains(response, PREVIEW_BANNER)

    @override_settings(ADMIN_REQUIRE_2FA=True)
    def test_a_session_verified_by_the_authenticator_code_sees_the_draft(self):
        self.client.force_login(self.editor)
        self.client.post(reverse("admin:two_factor"), {"code": totp_code(self.device)})

        response = self.preview()

        self.assertContains(response, PREVIEW_BANNER)
        self.assertContains(response, "<h1>Draft title</h1>", html=True)

    @override_settings(ADMIN_REQUIRE_2FA=False)
    def test_without_two_factor_as_in_development_a_password_is_enough(self):
        self.client.force_login(self.editor)

        response = self.preview()

        self.assertContains(response, PREVIEW_BANNER)
        self.assertContains(response, "<h1>Draft title</h1>", html=True)
