"""Enquiries sent to gunicorn through our reverse proxy, as in production.

Every request reaches gunicorn from the proxy's address; the visitor's own address is
the entry the proxy appended to X-Forwarded-For (TRUSTED_PROXY_COUNT=1).
"""

from urllib.parse import urlencode

from tests.platform.support import ServedSiteTestCase, SiteClient, sqlite_count

SENT_PAGE = "/enquiries/sent/"


class EnquiriesThroughTheProxyTests(ServedSiteTestCase):
    environment = {
        "TRUSTED_PROXY_COUNT": "1",
        "ENQUIRY_RATE_LIMIT": "5",
        # One window for the whole class: no window boundary for a test to straddle.
        "ENQUIRY_RATE_LIMIT_MINUTES": str(60 * 24 * 365),
        "ENQUIRY_MIN_FILL_SECONDS": "0",
    }

    def test_eight_visitors_behind_the_proxy_each_get_their_enquiry_stored(self):
        before = sqlite_count(self.database, "enquiries_enquiry")

        answers = [
            SiteClient(self.port, address=f"198.51.100.{n}").send_enquiry() for n in range(1, 9)
        ]

        self.assertEqual([answer.status for answer in answers], [302] * 8)
        self.assertEqual({answer.headers["Location"] for answer in answers}, {SENT_PAGE})
        self.assertEqual(sqlite_count(self.database, "enquiries_enquiry") - before, 8)

    def test_a_visitor_who_makes_up_forwarded_addresses_is_still_limited(self):
        visitor = SiteClient(self.port, address="203.0.113.50")

        answers = [
            visitor.send_enquiry(headers={"X-Forwarded-For": f"192.0.2.{n}, 10.1.1.{n}"})
            for n in range(6)
        ]

        self.assertEqual([answer.status for answer in answers], [302] * 5 + [429])
        self.assertIn("Please wait before sending another enquiry", answers[-1].text)

    def test_a_form_sent_in_utf16_gets_the_400_page(self):
        visitor = SiteClient(self.port, address="203.0.113.60")
        body = urlencode(visitor.enquiry_form_fields()).encode("utf-16")

        response = visitor.request(
            "POST",
            SiteClient.ENQUIRY_FORM,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-16",
                "Origin": f"https://{SiteClient.HOST}",
            },
        )

        self.assertEqual(response.status, 400)
        self.assertIn("Sorry, we could not open that page", response.text)
