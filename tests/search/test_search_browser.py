"""A patient searches from the header of any page, in a real browser without JavaScript."""

import os
import re
from io import StringIO
from unittest import mock

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser


class HeaderSearchTests(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        # Playwright's sync API keeps an event loop in this thread; the test's own
        # database calls are ordinary synchronous ones.
        cls.enterClassContext(mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}))
        super().setUpClass()
        playwright = sync_playwright().start()
        cls.addClassCleanup(playwright.stop)
        cls.browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        cls.addClassCleanup(cls.browser.close)

    def setUp(self):
        call_command("load_demo_content", stdout=StringIO())

    def test_everyday_words_in_the_header_box_lead_to_the_side_effects_section(self):
        context = self.browser.new_context(
            java_script_enabled=False, viewport={"width": 390, "height": 844}
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(f"{self.live_server_url}/centres/")

        header_search = page.get_by_role("search", name="Site search")
        header_search.get_by_role("searchbox", name="Search this site").fill(
            "tummy pain after the drip"
        )
        header_search.get_by_role("searchbox").press("Enter")

        expect(page.get_by_role("heading", level=1)).to_have_text(
            "1 result for “tummy pain after the drip”"
        )
        page.get_by_role("link", name="Side effects and how we help").click()
        expect(page).to_have_url(re.compile(r"/therapies/177lu-octreotate/#side-effects$"))
        expect(page.get_by_role("heading", name="Tummy (abdominal) pain")).to_be_in_viewport()
