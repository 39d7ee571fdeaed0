import re
from datetime import UTC, datetime
from unittest import mock

import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from enquiries.forms import MESSAGE_MAX_CHARS
from enquiries.models import Enquiry
from outbox.models import OutboundEmail
from tests.enquiries.support import form_data, immediate_tasks
from tests.factories import make_centre, make_therapy

URL = reverse("enquiries:create")
SENT_URL = reverse("enquiries:sent")


class EnquiryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Lutetium therapy", slug="lutetium")
        cls.hidden_therapy = make_therapy(slug="draft", is_published=False)
        cls.centre = make_centre(name="Windsor", slug="windsor")
        cls.centre.therapies.add(cls.therapy)
        cls.closed_centre = make_centre(slug="closed", is_published=False)

    def test_page_shows_the_urgent_care_notice_above_the_form(self):
        response = self.client.get(URL)
        content = response.content.decode()
        self.assertContains(response, "This form is not for urgent medical help")
        self.assertContains(response, "call your treatment team")
        self.assertContains(response, "call 999")
        self.assertContains(response, "NHS 111")
        self.assertLess(content.index("NHS 111"), content.index('id="enquiry-form"'))
        self.assertEqual(content.count("<h1"), 1)

    def test_page_is_never_cached(self):
        response = self.client.get(URL)
        self.assertIn("no-store", response["Cache-Control"])

    def test_every_field_has_a_label(self):
        response = self.client.get(URL)
        for field in ("full_name", "email", "phone", "message", "therapy", "centre", "insurer"):
            self.assertContains(response, f'for="id_{field}"')
        for legend in (
            "Who is the enquiry for?",
            "How would you like us to contact you?",
            "How would your treatment be paid for?",
            "Do you have a referral from your specialist?",
        ):
            self.assertContains(response, legend)

    def test_consent_and_marketing_boxes_start_unticked(self):
        response = self.client.get(URL)
        self.assertNotContains(response, "checked")

    def test_sensitive_fields_say_why_we_ask(self):
        response = self.client.get(URL)
        self.assertContains(response, "Why we ask: so we can tell you about costs")
        self.assertContains(response, "Why we ask: treatment needs a referral")
        self.assertContains(response, "Why we ask: your message may include health information")

    def test_message_limit_is_stated(self):
        self.assertContains(self.client.get(URL), "Up to 2,000 characters")

    def test_the_character_counter_is_given_the_limit_the_server_enforces(self):
        textarea = re.search(r"<textarea [^>]*>", self.client.get(URL).text)[0]
        self.assertIn('name="message"', textarea)
        self.assertIn(f'data-max-chars="{MESSAGE_MAX_CHARS}"', textarea)

    def test_links_from_therapy_and_centre_pages_preselect_them(self):
        response = self.client.get(URL, {"therapy": "lutetium", "centre": "windsor"})
        self.assertContains(
            response, f'<option value="{self.therapy.pk}" selected>Lutetium therapy</option>'
        )
        self.assertContains(
            response,
            f'<option value="{self.centre.pk}" selected data-therapies="{self.therapy.pk}">'
            "Windsor</option>",
        )

    def test_unpublished_therapies_and_inactive_centres_are_not_offered(self):
        response = self.client.get(URL, {"therapy": "draft", "centre": "closed"})
        # Each list's own options: a therapy and a centre may share a number.
        offered = response.context["form"]
        self.assertNotIn(self.hidden_therapy, offered.fields["therapy"].queryset)
        self.assertNotIn(self.closed_centre, offered.fields["centre"].queryset)
        self.assertContains(response, '<option value="" selected>Not sure</option>')
        self.assertContains(response, '<option value="" selected>No preference</option>')

    def test_page_has_no_inline_script_or_style(self):
        content = self.client.get(URL).content.decode()
        self.assertNotIn("style=", content)
        self.assertNotIn("<style", content)
        # Scripts come from files; the only inline element is JSON-LD data, which never runs.
        self.assertNotRegex(
            content, r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>"
        )


@immediate_tasks
class SubmitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre(name="Windsor", enquiry_email="windsor@example.org")
        cls.therapy = make_therapy()
        cls.centre.therapies.add(cls.therapy)

    def submit(self, **overrides):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(URL, form_data(**overrides))

    def test_valid_enquiry_is_stored_and_redirects_to_the_confirmation(self):
        response = self.submit(centre=self.centre.pk, therapy=self.therapy.pk)
        self.assertRedirects(response, SENT_URL)
        enquiry = Enquiry.objects.get()
        self.assertEqual(enquiry.full_name, "Margaret Hughes")
        self.assertEqual(enquiry.phone, "+447911123456")
        self.assertEqual(enquiry.centre, self.centre)
        self.assertEqual(enquiry.therapy, self.therapy)
        self.assertEqual(enquiry.status, Enquiry.Status.NEW)
        self.assertEqual(enquiry.consent_version, "2026-11")
        self.assertEqual(enquiry.consent_given_at, enquiry.received_at)
        self.assertFalse(enquiry.marketing_opt_in)

    def test_valid_enquiry_queues_both_emails_and_the_worker_sends_them(self):
        self.submit(centre=self.centre.pk)
        enquiry = Enquiry.objects.get()
        self.assertQuerySetEqual(
            enquiry.emails.values_list("kind", "to_address", "status"),
            [
                ("acknowledgement", "margaret@example.org", "sent"),
                ("centre_notification", "windsor@example.org", "sent"),
            ],
            ordered=False,
        )
        self.assertCountEqual(
            [message.to for message in mail.outbox],
            [["margaret@example.org"], ["windsor@example.org"]],
        )

    def test_emails_wait_for_the_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.post(URL, form_data())
        self.assertEqual(OutboundEmail.objects.filter(status="queued").count(), 2)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(len(callbacks), 2)

    def test_marketing_opt_in_is_stored_when_ticked(self):
        self.submit(marketing_opt_in="on")
        self.assertTrue(Enquiry.objects.get().marketing_opt_in)

    def test_insurer_is_kept_only_with_insurance(self):
        self.submit(funding="insurance", insurer="Bupa")
        self.submit(funding="self_pay", insurer="Bupa", form_token=form_data()["form_token"])
        self.assertQuerySetEqual(
            Enquiry.objects.order_by("received_at").values_list("insurer", flat=True),
            ["Bupa", ""],
        )

    @time_machine.travel(datetime(2026, 12, 1, 15, 15, tzinfo=UTC), tick=False)
    def test_confirmation_shows_reference_reply_by_time_and_phone_but_nothing_typed(self):
        response = self.submit(message="My secret diagnosis", insurer="", full_name="Zed Quill")
        response = self.client.get(response["Location"])
        enquiry = Enquiry.objects.get()
        self.assertContains(response, enquiry.reference)
        self.assertContains(response, "We will reply by 3:15pm on Wednesday 2 December")
        self.assertContains(response, "01753 465 493")
        self.assertContains(response, "What happens next")
        for typed in (
            "Zed Quill",
            "My secret diagnosis",
            "margaret@example.org",
            "07911",
            "7911123456",
        ):
            self.assertNotContains(response, typed)
        self.assertIn("no-store", response["Cache-Control"])

    def test_confirmation_is_only_for_the_browser_that_sent_the_enquiry(self):
        self.submit()
        self.client.cookies.clear()  # another browser
        response = self.client.get(SENT_URL)
        self.assertRedirects(response, URL)

    def test_the_confirmation_cookie_is_signed_and_sent_only_to_the_confirmation_page(self):
        response = self.submit()
        cookie = response.cookies["enquiry_sent"]
        self.assertEqual(cookie["path"], SENT_URL)
        self.assertTrue(cookie["httponly"])
        self.assertEqual(self.client.session.keys(), set())  # nothing stored server-side
        value, signature = cookie.value.rsplit(":", 1)
        forged = value.replace(Enquiry.objects.get().reference, "ENQ-AAAAAA")
        self.assertNotEqual(forged, value)
        self.client.cookies["enquiry_sent"] = f"{forged}:{signature}"
        self.assertRedirects(self.client.get(SENT_URL), URL)  # altered: not believed

    def test_refreshing_the_confirmation_does_not_store_another_enquiry(self):
        self.submit()
        self.client.get(SENT_URL)
        self.client.get(SENT_URL)
        self.assertEqual(Enquiry.objects.count(), 1)

    def test_sending_the_same_form_twice_stores_one_enquiry(self):
        data = form_data()
        with self.captureOnCommitCallbacks(execute=True):
            first = self.client.post(URL, data)
            second = self.client.post(URL, data)
        self.assertRedirects(first, SENT_URL)
        self.assertRedirects(second, SENT_URL)
        self.assertEqual(Enquiry.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 2)

    def test_a_reference_already_given_is_never_given_again(self):
        self.submit()
        taken = Enquiry.objects.get().reference
        # References are random: make the next one drawn the one already given.
        with mock.patch("enquiries.models.new_reference", side_effect=[taken, "ENQ-NEW234"]):
            self.assertRedirects(self.submit(), SENT_URL)
        self.assertEqual(
            sorted(Enquiry.objects.values_list("reference", flat=True)),
            sorted([taken, "ENQ-NEW234"]),
        )
        self.assertContains(self.client.get(SENT_URL), "ENQ-NEW234")

    def test_no_user_input_in_the_redirect_url(self):
        response = self.submit()
        self.assertEqual(response["Location"], SENT_URL)


class InvalidSubmitTests(TestCase):
    def test_empty_form_stores_nothing_and_lists_every_problem(self):
        response = self.client.post(URL, {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Enquiry.objects.count(), 0)
        self.assertEqual(OutboundEmail.objects.count(), 0)
        self.assertContains(response, "There is a problem")
        for target, message in [
            ("id_enquiry_for_0", "Select who the enquiry is for"),
            ("id_full_name", "Enter your full name"),
            ("id_email", "Enter your email address"),
            ("id_contact_method_0", "Select how you would like us to contact you"),
            ("id_funding_0", "Select how your treatment would be paid for"),
            ("id_has_referral_0", "Select whether you have a referral from your specialist"),
            ("id_message", "Enter your message"),
            (
                "id_consent",
                "Tick the box to agree that we can use your health information to reply",
            ),
        ]:
            self.assertContains(response, f'<li><a href="#{target}">{message}</a></li>')
            # ...and again at the field itself.
            self.assertContains(response, message, count=2)

    def test_page_title_says_there_is_an_error(self):
        response = self.client.post(URL, {})
        self.assertContains(response, "<title>Error: Make an enquiry")

    def test_error_summary_takes_focus_without_javascript(self):
        response = self.client.post(URL, {})
        self.assertContains(response, 'class="error-summary" role="alert" tabindex="-1"')
        self.assertContains(response, 'aria-labelledby="error-summary-title" autofocus')

    def test_field_errors_are_linked_to_their_fields(self):
        response = self.client.post(URL, form_data(email="not-an-email"))
        self.assertContains(response, 'aria-describedby="id_email_helptext id_email_error"')
        self.assertContains(response, 'id="id_email_error"')
        self.assertContains(response, 'aria-invalid="true"')

    def test_everything_typed_is_kept(self):
        data = form_data(email="not-an-email", message="Line one\r\nLine two", insurer="Bupa")
        data["funding"] = "insurance"
        response = self.client.post(URL, data)
        self.assertContains(response, 'value="not-an-email"')
        self.assertContains(response, 'value="Margaret Hughes"')
        self.assertContains(response, 'value="07911 123456"')
        self.assertContains(response, 'value="Bupa"')
        self.assertContains(response, "Line one\r\nLine two</textarea>")
        self.assertContains(
            response,
            '<input type="radio" class="form-check-input" name="funding" value="insurance" '
            'id="id_funding_0" required checked>',
            html=True,
        )
        self.assertContains(
            response,
            '<input type="checkbox" name="consent" class="checkboxinput form-check-input" '
            'required aria-describedby="id_consent_helptext" id="id_consent" checked>',
            html=True,
        )
        self.assertContains(response, data["form_token"])

    def test_phone_is_needed_when_asking_for_a_call(self):
        response = self.client.post(URL, form_data(phone="", contact_method="phone"))
        self.assertContains(response, "Enter a phone number, or choose email as the way to reply")
        self.assertEqual(Enquiry.objects.count(), 0)

    def test_phone_is_optional_for_an_email_reply(self):
        response = self.client.post(URL, form_data(phone="", contact_method="email"))
        self.assertRedirects(response, SENT_URL)
        self.assertEqual(Enquiry.objects.get().phone, "")
