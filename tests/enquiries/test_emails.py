from datetime import UTC, datetime

import time_machine
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse

from enquiries import services
from enquiries.models import Enquiry
from tests.enquiries.support import form_data, immediate_tasks
from tests.factories import make_centre, make_therapy

URL = reverse("enquiries:create")
RECEIVED = datetime(2026, 12, 1, 15, 15, tzinfo=UTC)


@immediate_tasks
@time_machine.travel(RECEIVED, tick=False)
class EnquiryEmailContentTests(TestCase):
    """What each email says, and to whom: nothing the enquirer typed reaches staff."""

    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre(name="Windsor", enquiry_email="windsor@example.org")
        cls.therapy = make_therapy(title="Lutetium therapy")
        cls.centre.therapies.add(cls.therapy)
        cls.centre_without_inbox = make_centre(enquiry_email="")

    def submit(self, **overrides):
        data = form_data(
            full_name="Margaret Hughes",
            message="I have a neuroendocrine tumour in my pancreas.",
            funding="insurance",
            insurer="Bupa",
            **overrides,
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(URL, data)
        enquiry = Enquiry.objects.get()
        by_kind = {email.kind: email for email in enquiry.emails.all()}
        sent = {message.to[0]: message for message in mail.outbox}
        return enquiry, by_kind, sent

    def test_acknowledgement_gives_reference_and_reply_by_time_and_no_health_details(self):
        enquiry, _, sent = self.submit(centre=self.centre.pk)
        message = sent["margaret@example.org"]
        self.assertEqual(message.subject, f"We have your enquiry: {enquiry.reference}")
        self.assertIn("Dear Margaret Hughes,", message.body)
        self.assertIn(f"Your reference is {enquiry.reference}.", message.body)
        self.assertIn("We will reply by 3:15pm on Wednesday 2 December (UK time).", message.body)
        self.assertIn("call 01753 465 493", message.body)
        self.assertIn("In an emergency, call 999", message.body)
        for typed in ("neuroendocrine", "Bupa", "07911", "7911123456", "Windsor"):
            self.assertNotIn(typed, message.body)
        self.assertEqual(message.reply_to, ["theranostics@example.org"])

    def test_centre_notification_names_due_time_therapy_and_centre_and_no_health_data(self):
        enquiry, _, sent = self.submit(
            centre=self.centre.pk,
            therapy=self.therapy.pk,
            needs_interpreter="on",
            interpreter_language="Polish",
        )
        message = sent["windsor@example.org"]
        self.assertEqual(message.subject, f"New enquiry {enquiry.reference}")
        self.assertEqual(
            message.body,
            "A new enquiry has arrived.\n\n"
            f"Reference: {enquiry.reference}\n"
            "Received: 3:15pm on Tuesday 1 December (UK time)\n"
            "Reply due by: 3:15pm on Wednesday 2 December (UK time)\n"
            "Treatment asked about: Lutetium therapy\n"
            "Centre: Windsor\n\n"
            "Open it in the triage queue (staff sign-in needed):\n"
            f"http://127.0.0.1:8000/admin/enquiries/enquiry/{enquiry.pk}/change/\n",
        )

    def test_centre_without_an_inbox_notifies_the_triage_inbox(self):
        self.submit(centre=self.centre_without_inbox.pk)
        self.assertIn(["theranostics@example.org"], [m.to for m in mail.outbox])

    @override_settings(ENQUIRY_TRIAGE_EMAIL="triage@example.org")
    def test_no_preferred_centre_notifies_the_triage_inbox(self):
        _, by_kind, _ = self.submit()
        self.assertEqual(by_kind["centre_notification"].to_address, "triage@example.org")

    def test_each_email_keeps_one_message_id(self):
        _, by_kind, sent = self.submit()
        acknowledgement = by_kind["acknowledgement"]
        self.assertRegex(acknowledgement.message_id, r"^<.+@127\.0\.0\.1>$")
        self.assertEqual(
            sent["margaret@example.org"].extra_headers["Message-ID"], acknowledgement.message_id
        )

    def test_queueing_them_again_queues_nothing_new(self):
        enquiry, _, _ = self.submit()
        with self.captureOnCommitCallbacks(execute=True):
            services.enquiry_emails_queue(enquiry=enquiry)
        self.assertEqual(enquiry.emails.count(), 2)
        self.assertEqual(len(mail.outbox), 2)
