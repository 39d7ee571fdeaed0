""" "Use my location" in a real browser: sorts the cards on the page and sends nothing anywhere."""

import os
import re
from unittest import mock

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from playwright.sync_api import expect, sync_playwright

from tests.factories import make_centre_with_address

pytestmark = pytest.mark.browser

# Near Oxford: about 2.3 miles from the Oxford centre, 31 from Windsor.
NEAR_OXFORD = {"latitude": 51.75, "longitude": -1.25}


class UseMyLocationTests(StaticLiveServerTestCase):
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
        make_centre_with_address(name="A Centre With No Location", latitude=None, longitude=None)
        make_centre_with_address(
            name="GenesisCare Oxford", latitude="51.723829", longitude="-1.218116"
        )
        make_centre_with_address(
            name="GenesisCare Windsor", latitude="51.479361", longitude="-0.615993"
        )

    def open_centres(self, **context_options):
        context = self.browser.new_context(**context_options)
        context.set_default_timeout(5000)
        self.addCleanup(context.close)
        page = context.new_page()
        self.requested = []
        self.console = []
        page.on("request", lambda request: self.requested.append(request.url))
        page.on("console", lambda message: self.console.append(message.text))
        page.goto(f"{self.live_server_url}/centres/")
        return page

    def card_names(self, page) -> list[str]:
        return page.locator("[data-centres-list] > li").evaluate_all(
            "cards => cards.map(card => card.dataset.name)"
        )

    def test_sorts_nearest_first_and_shows_distances(self):
        page = self.open_centres(geolocation=NEAR_OXFORD, permissions=["geolocation"])
        self.assertEqual(self.card_names(page)[0], "A Centre With No Location")
        page.get_by_role("button", name="Use my location to sort by distance").click()
        expect(page.get_by_role("status")).to_have_text(
            "Sorted by distance from you. The nearest is GenesisCare Oxford, "
            "about 2.3 miles away (in a straight line)."
        )
        self.assertEqual(
            self.card_names(page),
            ["GenesisCare Oxford", "GenesisCare Windsor", "A Centre With No Location"],
        )
        expect(page.locator("[data-centre-distance]").first).to_have_text(
            "About 2.3 miles away (in a straight line)"
        )
        expect(page.locator("[data-centre-distance]").last).to_be_hidden()

    def test_nothing_is_sent_anywhere(self):
        page = self.open_centres(geolocation=NEAR_OXFORD, permissions=["geolocation"])
        page.wait_for_load_state("networkidle")
        requests_before = len(self.requested)
        page.get_by_role("button", name="Use my location to sort by distance").click()
        expect(page.get_by_role("status")).to_contain_text("Sorted by distance")
        # The browser may re-fetch a cached stylesheet image on re-layout; what matters is
        # that nothing carrying the location (no page, query or API call) leaves the page.
        sent_after_click = self.requested[requests_before:]
        static_prefix = f"{self.live_server_url}/static/"
        self.assertEqual([url for url in sent_after_click if not url.startswith(static_prefix)], [])
        self.assertTrue(all(url.startswith(self.live_server_url) for url in self.requested))
        self.assertFalse([text for text in self.console if "Content Security Policy" in text])

    def test_refused_permission_is_explained(self):
        page = self.open_centres()
        page.get_by_role("button", name="Use my location to sort by distance").click()
        expect(page.get_by_role("status")).to_have_text(
            re.compile("You can search by town or postcode instead.")
        )
        expect(
            page.get_by_role("button", name="Use my location to sort by distance")
        ).to_be_enabled()

    def test_without_javascript_a_town_sorts_by_distance_instead(self):
        page = self.open_centres(java_script_enabled=False)
        expect(page.locator("[data-centres-locate]")).to_be_hidden()
        page.get_by_label("Town or postcode").fill("Maidenhead")
        page.get_by_role("button", name="Find centres").click()
        self.assertEqual(
            self.card_names(page),
            ["GenesisCare Windsor", "GenesisCare Oxford", "A Centre With No Location"],
        )
        expect(page.locator("[data-centre-distance]").first).to_have_text(
            "About 5.4 miles away (in a straight line)"
        )
        expect(page.locator("[data-centre-distance]").last).to_be_hidden()
