"""The enquiry pages in a real browser. The form's script follows the patient's answers,
hiding with the `hidden` attribute what does not apply and listing only centres that offer
the treatment (without JavaScript the server does the same: test_communication_needs.py).
The satisfaction page passes axe and works without JavaScript."""

import os
import re
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from enquiries import satisfaction
from enquiries.models import Enquiry, SatisfactionAnswer
from tests.browser.support import AXE_SCRIPT
from tests.factories import make_centre, make_closed_enquiry, make_therapy

pytestmark = pytest.mark.browser


class BrowserTestCase(StaticLiveServerTestCase):
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

    def new_page(self, **context_options):
        context = self.browser.new_context(**context_options)
        context.set_default_timeout(5000)
        self.addCleanup(context.close)
        return context.new_page()


class EnquiryFormScriptTests(BrowserTestCase):
    def setUp(self):
        self.lutetium = make_therapy(title="Lutetium therapy")
        radium = make_therapy(title="Radium therapy")
        make_centre(name="Windsor").therapies.add(radium)
        for name in ("London", "Leeds"):
            make_centre(name=name).therapies.add(self.lutetium)
        self.page = self.new_page()
        self.page.goto(self.live_server_url + reverse("enquiries:create"))
        self.form = self.page.locator("#enquiry-form")

    def test_the_call_time_question_is_hidden_from_those_who_chose_email(self):
        call_time = self.page.locator(".enquiry-contact-time")
        expect(call_time).to_be_visible()
        self.form.get_by_role("radio", name="Email", exact=True).check()
        expect(call_time).to_be_hidden()
        expect(call_time).to_have_attribute("hidden", "")
        expect(
            self.form.get_by_role("group", name="When is the best time to call you?")
        ).to_have_count(0)
        self.form.get_by_role("radio", name="Either is fine").check()
        expect(call_time).to_be_visible()

    def test_the_language_is_asked_only_with_an_interpreter(self):
        language = self.form.get_by_role("textbox", name="Which language?")
        expect(language).to_be_hidden()
        self.form.get_by_role("checkbox", name="An interpreter for another language").check()
        expect(language).to_be_visible()

    def test_the_centre_list_follows_the_treatment(self):
        centre = self.form.get_by_role("combobox", name=re.compile("Which centre"))
        centre.select_option(label="Windsor")
        self.form.get_by_role("combobox", name=re.compile("Which treatment")).select_option(
            label="Lutetium therapy"
        )
        options = centre.locator("option").all_inner_texts()
        self.assertEqual(options, ["No preference", "Leeds", "London"])
        expect(centre).to_have_value("")  # Windsor does not offer it
        expect(self.page.locator("#id_centre_filtered")).to_have_text(
            "Showing the 2 centres that offer this treatment."
        )
        expect(centre).to_have_attribute("aria-describedby", re.compile(r"\bid_centre_filtered\b"))
        self.form.get_by_role("combobox", name=re.compile("Which treatment")).select_option(
            label="Not sure"
        )
        self.assertEqual(len(centre.locator("option").all_inner_texts()), 4)

    def test_an_email_only_enquiry_is_sent_without_a_call_time(self):
        form = self.form
        form.get_by_role("radio", name="Myself", exact=True).check()
        form.get_by_role("textbox", name=re.compile("full name", re.I)).fill("Alex Example")
        form.get_by_role("textbox", name=re.compile("email address", re.I)).fill("alex@example.org")
        form.get_by_role("radio", name="Email", exact=True).check()
        form.get_by_role("combobox", name=re.compile("Which treatment")).select_option(
            label="Lutetium therapy"
        )
        form.get_by_role("combobox", name=re.compile("Which centre")).select_option(label="Leeds")
        form.get_by_role("radio", name="Not sure yet").check()
        form.get_by_role("radio", name="Not sure", exact=True).check()
        form.get_by_role("textbox", name=re.compile("how can we help", re.I)).fill("Is it for me?")
        form.get_by_role("checkbox", name="Large print").check()
        form.get_by_role("checkbox", name=re.compile("health information", re.I)).check()
        # The form turns away anything sent faster than a person types.
        with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=True):
            form.get_by_role("button", name="Send enquiry").click()
            expect(self.page.get_by_role("heading", level=1)).to_have_text("We have your enquiry")
        enquiry = Enquiry.objects.get()
        self.assertEqual(
            (enquiry.contact_method, enquiry.contact_time, enquiry.centre.name),
            ("email", "", "Leeds"),
        )
        self.assertTrue(enquiry.needs_large_print)


class SatisfactionPageTests(BrowserTestCase):
    def setUp(self):
        self.enquiry = make_closed_enquiry(closed_days_ago=1, satisfaction_asked_at=timezone.now())
        url = satisfaction.answer_url(self.enquiry, answer="no")
        self.path = url.removeprefix(settings.SITE_URL)

    def test_it_has_no_accessibility_violations(self):
        # The site's CSP rightly refuses injected scripts, so only this context bypasses it.
        page = self.new_page(bypass_csp=True)
        page.goto(self.live_server_url + self.path)
        page.add_script_tag(path=AXE_SCRIPT)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
        )
        self.assertEqual([violation["id"] for violation in results["violations"]], [])

    def test_it_is_answered_without_javascript(self):
        page = self.new_page(java_script_enabled=False)
        page.goto(self.live_server_url + self.path)
        expect(page.get_by_role("radio", name="No")).to_be_checked()
        page.get_by_role("radio", name="Yes").check()
        page.get_by_role("textbox", name=re.compile("Anything you would like")).fill("Thanks")
        page.get_by_role("button", name="Send your answer").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your answer")
        answer = SatisfactionAnswer.objects.get()
        self.assertEqual(
            (answer.enquiry, answer.answered, answer.comment), (self.enquiry, True, "Thanks")
        )
