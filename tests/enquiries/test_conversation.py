"""The whole conversation as staff and a patient live it: an enquiry, a saved reply edited
and sent through a real SMTP server, the patient's answer fetched from a real IMAP server,
all one thread."""

import re
from datetime import date
from email import message_from_bytes
from email.message import EmailMessage
from io import StringIO

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from editorial import services as editorial
from editorial.publishing import Status
from enquiries.models import Enquiry, InboundMessage, SavedReply
from tests.enquiries.imap import imap_server
from tests.enquiries.support import (
    RecordingHandler,
    form_data,
    run_worker,
    smtp_mailer,
    smtp_server,
)
from tests.factories import (
    make_centre,
    make_clinical_reviewer,
    make_enquiry,
    make_marketing_editor,
    make_superuser,
    make_triage_user,
)
from tests.platform.support import free_port

CHANGELIST = reverse("admin:enquiries_enquiry_changelist")
SAVED_BODY = (
    "Dear {first_name},\n\nThank you for enquiry {reference}. Please call {centre} on "
    "{centre_phone}.\n"
)


def reply_url(enquiry):
    return reverse("admin:enquiries_enquiry_reply", args=[enquiry.pk])


def make_saved_reply(**overrides) -> SavedReply:
    fields = {
        "title": "Call the centre",
        "slug": "call-the-centre",
        "body": SAVED_BODY,
        "status": Status.PUBLISHED,
    } | overrides
    return SavedReply.objects.create(**fields)


class SavedReplyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()
        cls.centre = make_centre(name="Windsor", phone="01753 123456")
        cls.enquiry = make_enquiry(full_name="Margaret Hughes", centre=cls.centre)
        cls.approved = make_saved_reply()
        cls.draft = make_saved_reply(title="Not approved yet", slug="draft", status=Status.DRAFT)

    def test_only_approved_replies_are_offered_and_one_fills_in_the_body(self):
        self.client.force_login(self.staff)
        page = self.client.get(reply_url(self.enquiry))
        self.assertContains(page, "Call the centre")
        self.assertNotContains(page, "Not approved yet")
        page = self.client.get(reply_url(self.enquiry), {"saved_reply": self.approved.pk})
        self.assertContains(
            page,
            f"Dear Margaret,\n\nThank you for enquiry {self.enquiry.reference}. "
            "Please call Windsor on 01753 123456.",
        )
        page = self.client.get(reply_url(self.enquiry), {"saved_reply": self.draft.pk})
        self.assertNotContains(page, "Thank you for enquiry")

    def test_a_saved_reply_is_offered_once_a_clinical_reviewer_approves_it(self):
        editor, reviewer = make_marketing_editor(), make_clinical_reviewer()
        self.client.force_login(editor)
        changelist = self.client.get(reverse("admin:enquiries_savedreply_changelist"))
        self.assertContains(changelist, "Call the centre")
        written = make_saved_reply(title="Referral needed", slug="referral", status=Status.DRAFT)
        editorial.draft_saved(draft=written, by=editor)
        editorial.submit_for_review(draft=written, by=editor)
        with self.assertRaises(PermissionDenied):
            editorial.publish(draft=written, by=editor, next_review_due=date(2099, 1, 1))
        self.client.force_login(self.staff)
        self.assertNotContains(self.client.get(reply_url(self.enquiry)), "Referral needed")
        editorial.publish(draft=written, by=reviewer, next_review_due=date(2099, 1, 1))
        self.assertContains(self.client.get(reply_url(self.enquiry)), "Referral needed")

    def test_marketing_editors_write_them_and_clinical_reviewers_approve_them(self):
        editor, reviewer = make_marketing_editor(), make_clinical_reviewer()
        self.assertTrue(editor.has_perm("enquiries.add_savedreply"))
        self.assertFalse(editor.has_perm("enquiries.publish_savedreply"))
        self.assertTrue(reviewer.has_perm("enquiries.publish_savedreply"))
        self.assertFalse(self.staff.has_perm("enquiries.change_savedreply"))


class ConversationJourneyTests(TransactionTestCase):
    # Other tests that commit empty the database, the "Triage staff" group included:
    # the sender here is a superuser (the group's permissions are tested in ReplyFormTests).

    def setUp(self):
        self.port = free_port()
        mailer = smtp_mailer(self.port)
        mailer.enable()
        self.addCleanup(mailer.disable)

    def test_enquiry_saved_reply_answer_back_in_one_thread(self):
        centre = make_centre(name="Windsor", phone="01753 123456")
        saved = make_saved_reply()
        staff = make_superuser()
        with imap_server() as imap, smtp_server(self.port, RecordingHandler()) as smtp:
            # A patient sends an enquiry.
            self.client.post(reverse("enquiries:create"), form_data(centre=centre.pk))
            enquiry = Enquiry.objects.get()
            # Triage picks the approved saved reply, edits it and sends it.
            self.client.force_login(staff)
            form = self.client.get(reply_url(enquiry), {"saved_reply": saved.pk})
            body = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", form.text, re.DOTALL)[1]
            edited = body.replace("&#x27;", "'") + "We look forward to hearing from you."
            self.client.post(
                reply_url(enquiry),
                {"subject": f"Re: Your enquiry {enquiry.reference}", "body": edited},
            )
            run_worker()
            # The SLA badge says met, with nothing typed.
            page = self.client.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]))
            self.assertContains(page, "sla-badge--met")
            to_patient = [
                message_from_bytes(m.content)
                for m in smtp.messages
                if m.rcpt_tos == ["margaret@example.org"]
            ]
            acknowledgement, sent_reply = to_patient
            self.assertIn("Dear Margaret,", sent_reply.get_payload())
            self.assertIn("We look forward to hearing from you.", sent_reply.get_payload())
            # The patient answers from their mail program.
            answer = EmailMessage()
            answer["From"] = "margaret@example.org"
            answer["To"] = sent_reply["Reply-To"]
            answer["Subject"] = "Re: " + sent_reply["Subject"]
            answer["Message-ID"] = "<answer-1@example.org>"
            answer["In-Reply-To"] = sent_reply["Message-ID"]
            answer["References"] = f"{sent_reply['References']} {sent_reply['Message-ID']}"
            answer.set_content(
                f"Yes please, Tuesday.\n\nOn Monday, Theranostics wrote:\n> {edited}"
            )
            imap.append(answer.as_bytes())
            with override_settings(IMAP_URL=imap.url):
                call_command("fetch_enquiry_replies", stdout=StringIO())
        # It is on the enquiry, which is back in the queue, first.
        later = make_enquiry()
        self.assertEqual(InboundMessage.objects.get().enquiry, enquiry)
        page = self.client.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]))
        self.assertContains(page, "Yes please, Tuesday.")
        queue = re.findall(
            r'field-reference"><a href="[^"]+">(ENQ-\w+)<', self.client.get(CHANGELIST).text
        )
        self.assertEqual(queue, [enquiry.reference, later.reference])
        # One thread: the reply hangs off the acknowledgement.
        root = acknowledgement["Message-ID"]
        self.assertEqual(sent_reply["In-Reply-To"], root)
        self.assertEqual(sent_reply["References"], root)
        self.assertEqual(sent_reply["Reply-To"], "theranostics@example.org")
        self.assertEqual(sent_reply["Subject"], f"Re: Your enquiry {enquiry.reference}")
