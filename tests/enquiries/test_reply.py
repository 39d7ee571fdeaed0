"""Replying to an enquirer from the enquiry page, threaded with their acknowledgement."""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes

import time_machine
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from enquiries.models import AuditEvent, EmailKind, Enquiry, SlaState
from outbox.models import OutboundEmail
from tests.enquiries.support import (
    RecordingHandler,
    form_data,
    run_worker,
    smtp_mailer,
    smtp_server,
)
from tests.factories import make_enquiry, make_superuser, make_triage_user
from tests.platform.support import free_port

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def reply_url(enquiry):
    return reverse("admin:enquiries_enquiry_reply", args=[enquiry.pk])


def change_url(enquiry):
    return reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])


@time_machine.travel(NOW, tick=False)
class ReplyFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()
        cls.enquiry = make_enquiry(received_hours_ago=3, email="margaret@example.org")

    def setUp(self):
        self.client.force_login(self.staff)

    def test_the_form_fixes_the_address_and_the_subject_carries_the_reference(self):
        response = self.client.get(reply_url(self.enquiry))
        self.assertContains(
            response, '<input id="reply-to" type="email" value="margaret@example.org" readonly>'
        )
        self.assertContains(response, f'value="Re: Your enquiry {self.enquiry.reference}"')
        self.assertContains(self.client.get(change_url(self.enquiry)), "Reply by email")

    def test_sending_records_the_first_response_and_shows_in_the_timeline(self):
        response = self.client.post(
            reply_url(self.enquiry),
            {"subject": "Re: Your enquiry", "body": "Dear Margaret,\nWe can help."},
        )
        self.assertRedirects(response, change_url(self.enquiry))
        self.enquiry.refresh_from_db()
        self.assertEqual(self.enquiry.first_response_at, NOW)
        self.assertEqual(self.enquiry.first_response_by, self.staff)
        self.assertEqual(self.enquiry.first_response_method, Enquiry.ResponseMethod.EMAIL)
        self.assertEqual(self.enquiry.sla_state(), SlaState.MET)
        reply = OutboundEmail.objects.get(kind=EmailKind.REPLY)
        self.assertEqual(reply.to_address, "margaret@example.org")
        self.assertEqual(reply.body.strip(), "Dear Margaret,\nWe can help.")
        self.assertTrue(
            AuditEvent.objects.filter(
                action=AuditEvent.Action.REPLY, reference=self.enquiry.reference, user=self.staff
            ).exists()
        )
        page = self.client.get(change_url(self.enquiry))
        self.assertContains(page, "Met: replied in 3h")
        self.assertContains(page, "Reply to the enquirer to margaret@example.org")
        self.assertContains(page, '<span class="timeline-status">Queued</span>', html=True)
        self.assertContains(page, "We can help.")

    def test_a_second_reply_keeps_the_first_response(self):
        self.client.post(reply_url(self.enquiry), {"subject": "s", "body": "First."})
        with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
            self.client.post(reply_url(self.enquiry), {"subject": "s", "body": "Second."})
        self.enquiry.refresh_from_db()
        self.assertEqual(self.enquiry.first_response_at, NOW)
        self.assertEqual(OutboundEmail.objects.filter(kind=EmailKind.REPLY).count(), 2)

    def test_an_empty_body_is_an_error_next_to_the_field(self):
        response = self.client.post(reply_url(self.enquiry), {"subject": "s", "body": ""})
        self.assertContains(response, "Message: This field is required.")
        self.assertFalse(OutboundEmail.objects.filter(kind=EmailKind.REPLY).exists())

    def test_a_dose_or_a_brand_warns_and_send_anyway_sends(self):
        body = "Your Ki-67 was 12% and the dose 7.4 GBq of Lutathera."
        response = self.client.post(reply_url(self.enquiry), {"subject": "s", "body": body})
        self.assertContains(response, "“12%” looks like a clinical result or a dose.")
        self.assertContains(response, "“7.4 GBq” looks like a clinical result or a dose.")
        self.assertContains(response, "“Ki-67” looks like a clinical result or a dose.")
        self.assertContains(response, "“Lutathera” is a prescription-only medicine brand.")
        self.assertContains(response, 'value="Send anyway"')
        self.assertFalse(OutboundEmail.objects.filter(kind=EmailKind.REPLY).exists())
        self.client.post(
            reply_url(self.enquiry), {"subject": "s", "body": body, "send_anyway": "Send anyway"}
        )
        self.assertEqual(OutboundEmail.objects.get(kind=EmailKind.REPLY).body.strip(), body)

    def test_no_reply_to_an_erased_enquiry(self):
        erased = make_enquiry(anonymised_at=NOW)
        self.assertEqual(self.client.get(reply_url(erased)).status_code, 403)


class ThreadingTests(TransactionTestCase):
    """Delivered through a real SMTP server: every message is one thread."""

    # Other tests that commit empty the database, the "Triage staff" group included:
    # the sender here is a superuser (the group's permissions are tested in ReplyFormTests).

    def setUp(self):
        self.port = free_port()
        mailer = smtp_mailer(self.port)
        mailer.enable()
        self.addCleanup(mailer.disable)

    def test_replies_name_the_acknowledgement_and_answer_to_the_triage_mailbox(self):
        staff = make_superuser()
        self.client.force_login(staff)
        with smtp_server(self.port, RecordingHandler()) as server:
            self.client.post(reverse("enquiries:create"), form_data())
            enquiry = Enquiry.objects.get()
            self.client.post(reply_url(enquiry), {"subject": "Re: x", "body": "One."})
            self.client.post(reply_url(enquiry), {"subject": "Re: x", "body": "Two."})
            run_worker()
        to_patient = [
            message_from_bytes(m.content)
            for m in server.messages
            if m.rcpt_tos == ["margaret@example.org"]
        ]
        acknowledgement, first, second = to_patient
        root = acknowledgement["Message-ID"]
        self.assertEqual(first["In-Reply-To"], root)
        self.assertEqual(first["References"], root)
        self.assertEqual(second["References"].split(), [root, first["Message-ID"]])
        self.assertEqual(second["In-Reply-To"], first["Message-ID"])
        for reply in (first, second):
            self.assertEqual(reply["Reply-To"], "theranostics@example.org")
            self.assertEqual(reply["Subject"], "Re: x")
        statuses = set(OutboundEmail.objects.filter(kind="reply").values_list("status", flat=True))
        self.assertEqual(statuses, {"sent"})
