"""Who hears of each clinical review step: the reviewers when a draft is submitted, its
editors when it is approved or returned. Tried through the admin; queued in the outbox and
sent by the task worker."""

from django.conf import settings
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from outbox.models import OutboundEmail
from tests.editorial.admin_forms import change_form_data
from tests.enquiries.support import RecordingHandler, run_worker, smtp_mailer, smtp_server
from tests.factories import (
    make_clinical_reviewer,
    make_marketing_editor,
    make_superuser,
    make_therapy,
)
from tests.platform.support import free_port
from therapies.models import Therapy

INBOX = "web-team@example.org"


def admin_url(name: str, page) -> str:
    return reverse(f"admin:therapies_therapy_{name}", args=[page.pk])


class ReviewJourney:
    """An editor changes a therapy page in a draft and submits it; a reviewer decides."""

    def submit(self, editor) -> Therapy:
        self.client.force_login(editor)
        self.client.post(admin_url("start_draft", self.therapy))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        data = change_form_data(self.client.get(admin_url("change", draft)))
        self.client.post(
            admin_url("change", draft),
            data | {"title": "Draft title", "_submit": "Save and submit"},
        )
        return draft

    def decide(self, reviewer, draft, **decision):
        self.client.force_login(reviewer)
        review = self.client.get(admin_url("publish", draft))
        return self.client.post(
            admin_url("publish", draft),
            {"seen": review.context["form"]["seen"].value()} | decision,
        )


def emails(**filters) -> list[tuple[str, str]]:
    return sorted(OutboundEmail.objects.filter(**filters).values_list("to_address", "subject"))


@override_settings(EDITORIAL_REVIEW_EMAIL=INBOX)
class ReviewEmailTests(ReviewJourney, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Live title")
        cls.editor = make_marketing_editor(email="editor@example.org", first_name="Ed")
        cls.reviewer = make_clinical_reviewer(email="reviewer@example.org", first_name="Rita")
        cls.other_reviewer = make_clinical_reviewer(email="reviewer2@example.org")
        make_marketing_editor(email="bystander@example.org")
        make_superuser(email="superuser@example.org")
        make_clinical_reviewer(email="gone@example.org", is_active=False)

    def test_submitting_emails_every_reviewer_and_the_inbox(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.submit(self.editor)
        self.assertEqual(
            emails(kind="page_submitted"),
            [
                ("reviewer2@example.org", "Please review: Draft title"),
                ("reviewer@example.org", "Please review: Draft title"),
                (INBOX, "Please review: Draft title"),
            ],
        )
        email = OutboundEmail.objects.filter(kind="page_submitted").first()
        self.assertEqual(email.about, self.therapy)
        self.assertIn("Ed has submitted the therapy “Draft title” for clinical review", email.body)
        change = settings.SITE_URL + admin_url("change", self.therapy)
        self.assertIn(change, email.body)
        self.assertIn("you may approve therapies", email.body)

    def test_a_reviewer_submitting_is_not_emailed_about_their_own_draft(self):
        self.submit(self.reviewer)
        recipients = [to for to, _ in emails(kind="page_submitted")]
        self.assertEqual(recipients, ["reviewer2@example.org", INBOX])

    def test_returning_emails_the_editor_with_the_note(self):
        draft = self.submit(self.editor)
        self.decide(self.reviewer, draft, action="return", note="Check the dose wording.")
        self.assertEqual(
            emails(kind="page_returned"), [("editor@example.org", "Changes needed: Draft title")]
        )
        body = OutboundEmail.objects.get(kind="page_returned").body
        self.assertIn("Rita", body)
        self.assertIn("What to change: Check the dose wording.", body)

    def test_approving_emails_the_editor(self):
        draft = self.submit(self.editor)
        self.decide(self.reviewer, draft, action="publish", next_review_due="01/01/2099")
        self.assertEqual(Therapy.objects.get().title, "Draft title")
        self.assertEqual(
            emails(kind="page_approved"), [("editor@example.org", "Approved: Draft title")]
        )
        email = OutboundEmail.objects.get(kind="page_approved")
        self.assertEqual(email.about, self.therapy)
        self.assertIn("It is now on the site.", email.body)

    def test_a_refused_approval_emails_nobody(self):
        draft = self.submit(self.reviewer)  # nobody approves their own change
        self.decide(self.reviewer, draft, action="publish", next_review_due="01/01/2099")
        self.assertEqual(Therapy.objects.get().title, "Live title")
        self.assertEqual(emails(kind="page_approved"), [])


@override_settings(EDITORIAL_REVIEW_EMAIL=INBOX)
class ReviewEmailDeliveryTests(ReviewJourney, TransactionTestCase):
    def test_the_worker_sends_the_review_request_to_the_reviewer(self):
        self.therapy = make_therapy(title="Live title")
        editor = make_marketing_editor(email="editor@example.org")
        make_clinical_reviewer(email="reviewer@example.org")
        port = free_port()
        with smtp_mailer(port), smtp_server(port, RecordingHandler()) as server:
            self.submit(editor)
            run_worker()
        self.assertCountEqual(
            [message.rcpt_tos for message in server.messages],
            [["reviewer@example.org"], [INBOX]],
        )
        self.assertIn(b"Subject: Please review: Draft title", server.messages[0].original_content)
        self.assertEqual(set(OutboundEmail.objects.values_list("status", flat=True)), {"sent"})
