"""Enquirers' answers fetched from a real IMAP server (dovecot on 127.0.0.1) onto their
enquiries by `manage.py fetch_enquiry_replies`."""

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from io import StringIO

import time_machine
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from enquiries import services, subject_access
from enquiries.models import Enquiry, InboundMessage
from outbox.models import EmailStatus
from tests.enquiries.imap import imap_server
from tests.enquiries.support import make_response_policy
from tests.factories import make_enquiry, make_outbound_email, make_triage_user
from tests.platform.support import free_port

CHANGELIST = reverse("admin:enquiries_enquiry_changelist")


def reply(*, message_id: str, in_reply_to: str = "", subject: str = "Re: Your enquiry") -> bytes:
    message = EmailMessage()
    message["From"] = "Margaret Hughes <margaret@example.org>"
    message["To"] = "theranostics@example.org"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = "Tue, 01 Dec 2026 14:00:00 +0000"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(
        "Thank you, Tuesday suits me.\n\n"
        "-- \nMargaret\n\n"
        "On Mon, 30 Nov 2026 at 10:00, Theranostics wrote:\n> Dear Margaret,\n"
    )
    message.add_attachment(
        b"%PDF-1.4 letter", maintype="application", subtype="pdf", filename="referral.pdf"
    )
    return message.as_bytes()


def bounce(*, returned_message_id: str) -> bytes:
    report = EmailMessage()
    report["From"] = "Mail Delivery System <MAILER-DAEMON@mail.example.org>"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Message-ID"] = "<bounce-1@mail.example.org>"
    report.set_content("This is the mail system. The address does not exist.")
    returned = EmailMessage()
    returned["Message-ID"] = returned_message_id
    returned["Subject"] = "Re: Your enquiry"
    returned.set_content("Dear Margaret,")
    report.add_attachment(returned)
    report.replace_header("Content-Type", 'multipart/report; report-type="delivery-status"')
    return report.as_bytes()


def fetch() -> str:
    out = StringIO()
    call_command("fetch_enquiry_replies", stdout=out)
    return out.getvalue()


class FetchRepliesTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server_context = imap_server()
        cls.server = cls.server_context.__enter__()
        cls.settings_override = override_settings(IMAP_URL=cls.server.url)
        cls.settings_override.enable()

    @classmethod
    def tearDownClass(cls):
        cls.settings_override.disable()
        cls.server_context.__exit__(None, None, None)
        super().tearDownClass()

    def setUp(self):
        self.staff = make_triage_user()
        # Another open enquiry, due sooner than a fresh answer would be.
        self.other = make_enquiry(received_hours_ago=20)
        self.enquiry = make_enquiry(
            received_hours_ago=30,
            email="margaret@example.org",
            status=Enquiry.Status.RESPONDED,
            first_response_at=timezone.now() - timedelta(hours=29),
            first_response_method=Enquiry.ResponseMethod.EMAIL,
        )
        self.acknowledgement = make_outbound_email(
            about=self.enquiry, message_id=f"<ack-{self.enquiry.pk}@example.org>"
        )

    def test_a_reply_lands_on_its_enquiry_once_trimmed_and_back_in_the_queue(self):
        raw = reply(
            message_id=f"<answer-{self.enquiry.pk}@mail.example.org>",
            in_reply_to=self.acknowledgement.message_id,
        )
        self.server.append(raw)
        self.assertIn("Matched: 1", fetch())
        self.server.append(raw)  # delivered twice: still stored once
        self.assertIn("Duplicate: 1", fetch())
        self.assertIn("Matched: 0", fetch())  # already seen
        message = InboundMessage.objects.get()
        self.assertEqual(message.enquiry, self.enquiry)
        self.assertEqual(message.text, "Thank you, Tuesday suits me.")
        self.assertEqual(message.attachments, [{"name": "referral.pdf", "size": 15}])
        self.enquiry.refresh_from_db()
        self.assertIsNotNone(self.enquiry.enquirer_replied_at)
        self.assertGreater(self.enquiry.follow_up_due_at, self.other.due_at)

    def test_an_answer_on_friday_evening_under_working_hours_is_due_on_monday(self):
        make_response_policy()  # 8 working hours, Monday to Friday 9am to 5pm
        self.server.append(
            reply(
                message_id=f"<friday-{self.enquiry.pk}@mail.example.org>",
                in_reply_to=self.acknowledgement.message_id,
            )
        )
        with time_machine.travel(datetime(2026, 12, 4, 18, 30, tzinfo=UTC)):  # Friday 6:30pm
            fetch()
        self.enquiry.refresh_from_db()
        self.assertEqual(self.enquiry.follow_up_due_at, datetime(2026, 12, 7, 17, 0, tzinfo=UTC))

        self.client.force_login(self.staff)
        # Answered, it had left the open queue; the enquirer's answer brings it back.
        self.assertEqual(self.enquiry.status, Enquiry.Status.IN_PROGRESS)
        self.assertContains(self.client.get(CHANGELIST), self.enquiry.reference)
        page = self.client.get(reverse("admin:enquiries_enquiry_change", args=[self.enquiry.pk]))
        self.assertContains(page, "The enquirer replied")
        self.assertContains(page, "Thank you, Tuesday suits me.")
        self.assertContains(page, "referral.pdf (15\xa0bytes)")
        self.assertNotContains(page, "&gt; Dear Margaret")

    def test_the_reference_in_the_subject_matches_when_the_headers_do_not(self):
        self.server.append(
            reply(
                message_id=f"<by-subject-{self.enquiry.pk}@mail.example.org>",
                subject=f"About my enquiry {self.enquiry.reference.lower()}",
            )
        )
        self.assertIn("Matched: 1", fetch())
        self.assertEqual(InboundMessage.objects.get().enquiry, self.enquiry)

    def test_an_unmatched_message_waits_for_staff_to_attach_it(self):
        self.server.append(reply(message_id=f"<stray-{self.enquiry.pk}@mail.example.org>"))
        self.assertIn("Unmatched: 1", fetch())
        message = InboundMessage.objects.unmatched().get()
        self.client.force_login(self.staff)
        listing = self.client.get(
            reverse("admin:enquiries_inboundmessage_changelist") + "?enquiry__isempty=1"
        )
        self.assertContains(listing, str(message))
        change = reverse("admin:enquiries_inboundmessage_change", args=[message.pk])
        self.assertContains(self.client.get(change), "Matched no enquiry")
        response = self.client.post(change, {"enquiry": self.enquiry.pk})
        self.assertEqual(response.status_code, 302)
        message.refresh_from_db()
        self.assertEqual(message.enquiry, self.enquiry)
        self.assertEqual(message.attached_by, self.staff)
        self.enquiry.refresh_from_db()
        self.assertIsNotNone(self.enquiry.enquirer_replied_at)

    def test_a_bounce_marks_the_email_bounced_and_is_not_a_reply(self):
        self.server.append(bounce(returned_message_id=self.acknowledgement.message_id))
        self.assertIn("Bounce: 1", fetch())
        self.acknowledgement.refresh_from_db()
        self.assertEqual(self.acknowledgement.status, EmailStatus.BOUNCED)
        self.assertFalse(InboundMessage.objects.exists())

    def test_subject_access_exports_and_erasure_deletes_the_replies(self):
        self.server.append(
            reply(
                message_id=f"<sar-{self.enquiry.pk}@mail.example.org>",
                in_reply_to=self.acknowledgement.message_id,
            )
        )
        fetch()
        held = subject_access.held_about("margaret@example.org")
        self.assertEqual(held["enquiries"][0]["replies"][0]["text"], "Thank you, Tuesday suits me.")
        stray = InboundMessage.objects.create(
            message_id="<stray@example.org>",
            from_address="Margaret@example.org",
            sent_at=timezone.now(),
            text="Did you get my letter?",
        )
        services.enquiries_erase_on_request(email="margaret@example.org", by=self.staff)
        self.assertFalse(InboundMessage.objects.filter(pk=stray.pk).exists())
        self.assertFalse(InboundMessage.objects.exists())

    def test_unmatched_replies_nobody_attached_are_deleted_after_the_spam_retention(self):
        self.server.append(reply(message_id=f"<old-{self.enquiry.pk}@mail.example.org>"))
        with time_machine.travel(timezone.now() - timedelta(days=31)):
            fetch()
        self.server.append(reply(message_id=f"<new-{self.enquiry.pk}@mail.example.org>"))
        fetch()
        call_command("apply_enquiry_retention", stdout=StringIO())
        self.assertEqual(
            list(InboundMessage.objects.values_list("message_id", flat=True)),
            [f"<new-{self.enquiry.pk}@mail.example.org>"],
        )


class MailboxSettingsTests(TestCase):
    def test_no_mailbox_or_an_unreachable_one_is_a_clear_error(self):
        for url, error in [
            ("", "IMAP_URL is not set"),
            ("pop3://triage@127.0.0.1/INBOX", "IMAP_URL must look like"),
            (f"imap://triage:x@127.0.0.1:{free_port()}/INBOX", "Could not read the triage mailbox"),
        ]:
            with (
                self.subTest(url=url),
                override_settings(IMAP_URL=url),
                self.assertRaisesMessage(CommandError, error),
            ):
                fetch()
