"""Every form, public or staff, sent back with mistakes lists them the same way: one error
summary at the top whose links each lead to a field on the page."""

from html.parser import HTMLParser

from django.test import TestCase, override_settings
from django.urls import reverse

from tests.factories import make_therapy, make_totp_device, totp_code


class ErrorSummaryReader(HTMLParser):
    """The ids in a page, and the links and classes of its error summaries."""

    def __init__(self):
        super().__init__()
        self.ids, self.summaries, self.links = set(), [], []
        self.depth = 0  # inside an error summary while above zero

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if self.depth:
            self.depth += tag == "div"
            if tag == "a":
                self.links.append(attributes["href"])
        elif tag == "div" and "error-summary" in (attributes.get("class") or "").split():
            self.summaries.append(attributes)
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1


class ErrorSummaryTests(TestCase):
    def assert_one_summary_linked_to_its_fields(self, response, expected_links):
        self.assertContains(response, "There is a problem")
        page = ErrorSummaryReader()
        page.feed(response.text)
        self.assertEqual(len(page.summaries), 1)
        summary = page.summaries[0]
        self.assertEqual((summary["role"], summary["tabindex"]), ("alert", "-1"))
        self.assertIn("autofocus", summary)  # focus moves there without JavaScript
        self.assertEqual(page.links, expected_links)
        for link in page.links:
            self.assertIn(link.removeprefix("#"), page.ids, f"{link} leads nowhere")
        return summary

    def test_enquiry_form(self):
        response = self.client.post(reverse("enquiries:create"), {"full_name": "Jo"})
        self.assert_one_summary_linked_to_its_fields(
            response,
            [
                "#enquiry-form",  # the form itself: no token came with it
                "#id_enquiry_for_0",
                "#id_email",
                "#id_contact_method_0",  # a call time only once they choose to be called
                "#id_funding_0",
                "#id_has_referral_0",
                "#id_message",
                "#id_consent",
            ],
        )

    def test_centre_search(self):
        response = self.client.get(reverse("centres:list"), {"therapy": "none", "q": "x" * 61})
        self.assert_one_summary_linked_to_its_fields(response, ["#id_therapy", "#id_q"])

    def test_page_feedback_links_to_the_first_answer(self):
        therapy = make_therapy()
        response = self.client.post(
            reverse("therapies:feedback", kwargs={"slug": therapy.slug}),
            {"helpful": "maybe"},
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        self.assert_one_summary_linked_to_its_fields(response, ["#id_helpful_0"])

    @override_settings(ADMIN_REQUIRE_2FA=True)
    def test_admin_sign_in_code_in_the_admin_look(self):
        device = make_totp_device()
        self.client.force_login(device.user)
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        response = self.client.post(reverse("admin:two_factor"), {"code": wrong})
        summary = self.assert_one_summary_linked_to_its_fields(response, ["#id_code"])
        self.assertIn("errornote", summary["class"].split())
