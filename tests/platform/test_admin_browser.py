"""A staff member signs in to the admin in a real browser, enrols two-step sign-in and
clicks through pages full of admin JavaScript, with the site's Content-Security-Policy
enforced. Chromium reports anything the policy blocks on its console."""

from base64 import b32decode

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings
from django_otp.oath import totp
from playwright.sync_api import sync_playwright

from tests.factories import STAFF_PASSWORD, make_superuser

CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
@override_settings(ADMIN_REQUIRE_2FA=True)
class AdminInBrowserTests(StaticLiveServerTestCase):
    def setUp(self):
        # Before Playwright starts: its event loop makes the ORM refuse to run here.
        self.staff = make_superuser()

    def test_admin_works_under_the_content_security_policy(self):
        blocked = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, chromium_sandbox=False)
            page = browser.new_page()
            page.on(
                "console",
                lambda message: (
                    "Content Security Policy" in message.text and blocked.append(message.text)
                ),
            )
            page.on("pageerror", lambda error: blocked.append(str(error)))

            page.goto(f"{self.live_server_url}/admin/")
            page.get_by_label("Username").fill(self.staff.username)
            page.get_by_label("Password").fill(STAFF_PASSWORD)
            page.get_by_role("button", name="Log in").click()

            # Enrol as someone would who types the key into their authenticator app.
            secret = page.locator("code").inner_text().replace(" ", "")
            page.get_by_label("Code").fill(f"{totp(b32decode(secret)):06d}")
            page.get_by_role("button", name="Continue").click()
            page.get_by_role("heading", name="Site administration").wait_for()

            page.get_by_role("link", name="Users").first.click()
            page.get_by_role("link", name=self.staff.username).click()
            # SelectFilter2 turns the permissions list into two filterable boxes:
            # proof that the admin's nonced scripts ran.
            page.locator("#id_user_permissions_filter").wait_for()
            page.get_by_role("link", name="History").click()
            page.goto(f"{self.live_server_url}/admin/auth/user/add/")
            page.goto(f"{self.live_server_url}/admin/otp_totp/totpdevice/")
            page.locator("#action-toggle").check()
            browser.close()

        self.assertEqual(blocked, [])
