import time
from datetime import timedelta

import time_machine
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from enquiries.forms import new_form_token
from enquiries.models import Enquiry, SubmissionCounter
from outbox.models import OutboundEmail
from tests.enquiries.support import form_data

URL = reverse("enquiries:create")
SENT_URL = reverse("enquiries:sent")


class HoneypotAndTimingTests(TestCase):
    """What looks automated is held for staff to check, never thrown away."""

    def assertHeldQuietly(self, data, reason):
        with self.assertLogs("enquiries", "INFO") as logs:
            response = self.client.post(URL, data)
        self.assertRedirects(response, SENT_URL)
        enquiry = Enquiry.objects.get()
        # The sender sees the ordinary confirmation, with the reference we stored...
        confirmation = self.client.get(SENT_URL)
        self.assertContains(confirmation, "Your reference is")
        self.assertContains(confirmation, enquiry.reference)
        # ...which is held, with everything they typed, and nothing is sent yet.
        self.assertEqual(enquiry.status, Enquiry.Status.HELD)
        self.assertEqual(enquiry.held_as_spam_reason, reason)
        self.assertEqual(enquiry.full_name, "Margaret Hughes")
        self.assertEqual(OutboundEmail.objects.count(), 0)
        self.assertEqual(
            logs.output,
            [
                f"INFO:enquiries.services:Enquiry {enquiry.reference} held as suspected spam "
                f"({reason})"
            ],
        )
        return logs.output

    def test_filled_honeypot_is_held_with_a_log_line_without_personal_data(self):
        output = self.assertHeldQuietly(
            form_data(website="http://spam.example"), Enquiry.SpamSignal.HONEYPOT
        )
        for personal in ("Margaret", "margaret@example.org", "07911", "spam.example", "127.0.0.1"):
            self.assertNotIn(personal, output[0])

    def test_form_sent_faster_than_a_person_could_fill_it_is_held(self):
        self.assertHeldQuietly(form_data(form_token=new_form_token()), Enquiry.SpamSignal.TOO_FAST)

    def test_a_person_whose_browser_filled_the_hidden_field_still_sees_their_mistakes(self):
        response = self.client.post(URL, form_data(website="Margaret Hughes", message=""))
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Enter your message", count=2)
        self.assertEqual(Enquiry.objects.count(), 0)

    def test_a_quick_press_of_send_on_an_unfinished_form_shows_the_errors(self):
        response = self.client.post(URL, form_data(form_token=new_form_token(), message=""))
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Enter your message", count=2)

    def test_a_person_taking_a_few_seconds_is_fine(self):
        data = form_data(form_token=new_form_token(issued_at=time.time() - 4))
        self.assertRedirects(self.client.post(URL, data), SENT_URL)
        self.assertEqual(Enquiry.objects.count(), 1)

    def test_honeypot_is_hidden_from_people_and_screen_readers(self):
        response = self.client.get(URL)
        self.assertContains(response, '<div class="d-none" aria-hidden="true">')
        self.assertContains(response, 'name="website" autocomplete="off" tabindex="-1"')


@override_settings(ENQUIRY_RATE_LIMIT=5, ENQUIRY_RATE_LIMIT_MINUTES=10)
class RateLimitTests(TestCase):
    def post_from(self, address, **overrides):
        return self.client.post(URL, form_data(**overrides), REMOTE_ADDR=address)

    @time_machine.travel("2026-12-01 10:00:30Z", tick=False)
    def test_sixth_enquiry_in_ten_minutes_gets_a_friendly_429_and_is_not_stored(self):
        for _ in range(5):
            self.assertRedirects(self.post_from("203.0.113.9"), SENT_URL)
        response = self.post_from("203.0.113.9")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Please wait before sending another enquiry", status_code=429)
        self.assertContains(response, "01753 465 493", status_code=429)
        self.assertEqual(response["Retry-After"], "570")
        self.assertEqual(Enquiry.objects.count(), 5)
        self.assertEqual(OutboundEmail.objects.count(), 10)

    def test_other_clients_are_not_affected(self):
        for _ in range(6):
            self.post_from("203.0.113.9")
        self.assertRedirects(self.post_from("198.51.100.7"), SENT_URL)

    def test_an_ipv6_client_is_limited_across_its_whole_64(self):
        for n in range(5):
            self.assertRedirects(self.post_from(f"2001:db8:1:2::{n + 1}"), SENT_URL)
        self.assertEqual(self.post_from("2001:db8:1:2:ffff::1").status_code, 429)
        self.assertRedirects(self.post_from("2001:db8:1:3::1"), SENT_URL)

    def test_forwarded_for_header_is_not_trusted(self):
        for n in range(6):
            response = self.client.post(
                URL, form_data(), REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
            )
        self.assertEqual(response.status_code, 429)

    def test_the_limit_lifts_in_the_next_window(self):
        start = timezone.now().replace(minute=0, second=0, microsecond=0)
        with time_machine.travel(start, tick=False):
            for _ in range(6):
                self.post_from("203.0.113.9")
        with time_machine.travel(start + timedelta(minutes=10), tick=False):
            self.assertRedirects(self.post_from("203.0.113.9"), SENT_URL)
        self.assertEqual(Enquiry.objects.count(), 6)

    def test_resending_the_same_form_does_not_count(self):
        data = form_data()
        for _ in range(8):
            self.assertRedirects(self.client.post(URL, data, REMOTE_ADDR="203.0.113.9"), SENT_URL)
        self.assertEqual(SubmissionCounter.objects.get().count, 1)

    def test_only_a_keyed_hash_of_the_address_is_stored(self):
        self.post_from("203.0.113.9")
        counter = SubmissionCounter.objects.get()
        self.assertRegex(counter.client_key, r"^[0-9a-f]{64}$")
        self.assertNotIn("203.0.113.9", counter.client_key)
