"""The planner as a patient uses it, in Debian's chromium: from the therapy page to a dated
plan and a calendar file, without JavaScript."""

import os
from datetime import timedelta
from unittest import mock

import icalendar
import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from tests.aftercare.support import make_therapy_with_aftercare

pytestmark = pytest.mark.browser


class PlannerJourneyTests(StaticLiveServerTestCase):
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
        self.therapy = make_therapy_with_aftercare()
        self.treated = timezone.localdate() + timedelta(days=10)

    def open_therapy_page(self, **context_options):
        context = self.browser.new_context(accept_downloads=True, **context_options)
        context.set_default_timeout(5000)
        self.addCleanup(context.close)
        page = context.new_page()
        self.requested = []
        page.on("request", lambda request: self.requested.append(request.url))
        page.goto(f"{self.live_server_url}{self.therapy.get_absolute_url()}")
        return page

    def enter_the_date(self, page, day, month, year):
        planner = page.get_by_role("region", name="Your dates after treatment")
        planner.get_by_role("textbox", name="Day").fill(str(day))
        planner.get_by_role("textbox", name="Month").fill(str(month))
        planner.get_by_role("textbox", name="Year").fill(str(year))
        planner.get_by_role("button", name="Show my dates").click()

    def test_without_javascript_a_date_gives_a_plan_and_a_calendar_file(self):
        page = self.open_therapy_page(java_script_enabled=False)
        self.enter_the_date(page, self.treated.day, self.treated.month, self.treated.year)

        expect(page.get_by_role("heading", level=1)).to_have_text("Your dates after treatment")
        expect(page.get_by_role("table").first).to_contain_text("Sleep in a separate bed")
        expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
        with page.expect_download() as download:
            page.get_by_role("link", name="Add these dates to your calendar").click()
        calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
        starts = {event["DTSTART"].dt for event in calendar.walk("VEVENT")}
        self.assertIn(self.treated + timedelta(days=14), starts)
        self.assertTrue(all(url.startswith(self.live_server_url) for url in self.requested))

    def test_a_bad_date_is_explained_next_to_the_field_and_in_the_summary(self):
        page = self.open_therapy_page()
        self.enter_the_date(page, 31, 2, self.treated.year)
        summary = page.get_by_role("alert")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("must be a real date")
        summary.get_by_role("link").click()
        expect(page.get_by_role("textbox", name="Day")).to_be_focused()
        expect(page.get_by_role("textbox", name="Day")).to_have_attribute("aria-invalid", "true")

    def test_with_javascript_a_button_prints_the_plan(self):
        page = self.open_therapy_page()
        self.enter_the_date(page, self.treated.day, self.treated.month, self.treated.year)
        page.evaluate("() => { window.printed = 0; window.print = () => { window.printed++; }; }")
        page.get_by_role("button", name="Print this page").click()
        self.assertEqual(page.evaluate("window.printed"), 1)
