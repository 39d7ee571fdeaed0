"""A glossary term on the therapy page opens in place with the keyboard, with or without
JavaScript, in Debian's chromium."""

import os
from unittest import mock

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from playwright.sync_api import expect, sync_playwright

from tests.factories import make_glossary_term, make_therapy, make_therapy_section

pytestmark = pytest.mark.browser


class GlossaryInPlaceTests(StaticLiveServerTestCase):
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
        make_glossary_term(
            term="PRRT", slug="prrt", definition="A medicine carries radiation to tumour cells."
        )
        self.therapy = make_therapy()
        make_therapy_section(self.therapy, heading="What is it?", body="It is a kind of PRRT.")

    def open_therapy_page(self, **context_options):
        context = self.browser.new_context(**context_options)
        context.set_default_timeout(5000)
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(f"{self.live_server_url}{self.therapy.get_absolute_url()}")
        return page

    def test_the_keyboard_opens_and_closes_the_explanation(self):
        for javascript in (True, False):
            with self.subTest(javascript=javascript):
                page = self.open_therapy_page(java_script_enabled=javascript)
                disclosure = page.get_by_role("group").filter(has_text="What does “PRRT” mean?")
                definition = page.get_by_text("A medicine carries radiation to tumour cells.")
                expect(definition).to_be_hidden()

                summary = disclosure.locator("summary")
                summary.focus()
                page.keyboard.press("Enter")
                expect(definition).to_be_visible()
                # In place: right after the paragraph that uses the word.
                paragraph = page.get_by_text("It is a kind of PRRT.")
                below = definition.bounding_box()["y"] - paragraph.bounding_box()["y"]
                self.assertLess(below, 150)

                page.keyboard.press("Space")
                expect(definition).to_be_hidden()
