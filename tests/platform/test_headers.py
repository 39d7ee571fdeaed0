from html.parser import HTMLParser

from django.test import TestCase
from django.urls import reverse

from tests.factories import make_staff_user


def parse_policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would block in a page."""

    def __init__(self, nonce: str):
        super().__init__()
        self.nonce = nonce
        self.blocked = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inline = tag in {"script", "style"} and "src" not in attributes
        if inline and attributes.get("nonce") != self.nonce:
            self.blocked.append(f"<{tag}> without the page's nonce")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"{name}= attribute on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.blocked.append(f"javascript: URL on <{tag}>")


class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff_user()

    def assert_secure_headers(self, response):
        policy = parse_policy(response.headers["Content-Security-Policy"])
        self.assertEqual(policy["default-src"], ["'none'"])
        self.assertEqual(policy["frame-ancestors"], ["'none'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["base-uri"], ["'none'"])
        self.assertEqual(policy["form-action"], ["'self'"])
        for sources in policy.values():
            self.assertNotIn("'unsafe-inline'", sources)
            self.assertNotIn("'unsafe-eval'", sources)
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")
        self.assertEqual(response.headers["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response.headers["Cross-Origin-Opener-Policy"], "same-origin")
        permissions = response.headers["Permissions-Policy"].split(", ")
        for feature in ["camera=()", "microphone=()", "payment=()", "usb=()"]:
            self.assertIn(feature, permissions)
        self.assertIn("geolocation=(self)", permissions)

    def assert_no_blocked_inline_code(self, response):
        nonce = parse_policy(response.headers["Content-Security-Policy"])["script-src"][-1]
        finder = InlineCodeFinder(nonce.removeprefix("'nonce-").removesuffix("'"))
        finder.feed(response.text)
        self.assertEqual(finder.blocked, [], response.request["PATH_INFO"])

    def test_public_page_sends_the_security_headers(self):
        response = self.client.get(reverse("pages:home"))

        self.assertEqual(response.status_code, 200)
        self.assert_secure_headers(response)

    def test_admin_login_page_sends_the_security_headers_and_is_never_stored(self):
        response = self.client.get(reverse("admin:login"))

        self.assertEqual(response.status_code, 200)
        self.assert_secure_headers(response)
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assert_no_blocked_inline_code(response)

    def test_admin_pages_run_under_the_policy_and_are_never_stored(self):
        self.client.force_login(self.staff)
        pages = [
            reverse("admin:index"),
            reverse("admin:app_list", args=["auth"]),
            reverse("admin:auth_user_changelist"),
            reverse("admin:auth_user_add"),
            reverse("admin:auth_user_change", args=[self.staff.pk]),
            reverse("admin:auth_user_delete", args=[self.staff.pk]),
            reverse("admin:password_change"),
            reverse("admin:otp_totp_totpdevice_add"),
            reverse("admin:axes_accessattempt_changelist"),
        ]
        for page in pages:
            with self.subTest(page):
                response = self.client.get(page)

                self.assertEqual(response.status_code, 200)
                self.assert_secure_headers(response)
                self.assertIn("no-store", response.headers["Cache-Control"])
                self.assert_no_blocked_inline_code(response)

    def test_admin_javascript_catalogue_is_never_stored_either(self):
        # Django marks this admin view cacheable; the admin middleware overrides it.
        self.client.force_login(self.staff)

        response = self.client.get(reverse("admin:jsi18n"))

        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers["Cache-Control"])
