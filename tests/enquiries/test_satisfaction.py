"""After closing, one question by email: "Did we answer your question?", answered on a page
reached by a signed, single-use link, and counted beside the response report."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from enquiries.models import Enquiry, SatisfactionAnswer
from enquiries.reports import sla_report
from outbox.models import OutboundEmail
from tests.enquiries.support import immediate_tasks
from tests.factories import make_centre, make_closed_enquiry, make_enquiry, make_superuser

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
MESSAGE = "I have a neuroendocrine tumour in my pancreas."


def ask(*args: str) -> str:
    out = StringIO()
    call_command("ask_enquiry_satisfaction", *args, stdout=out)
    return out.getvalue()


def closed(*, hours_ago: float = 2, replied: bool = True, **fields) -> Enquiry:
    if replied:
        fields |= {
            "first_response_at": NOW - timedelta(hours=hours_ago + 1),
            "first_response_method": "phone",
        }
    return make_closed_enquiry(closed_days_ago=hours_ago / 24, message=MESSAGE, **fields)


def links_in(body: str) -> dict[str, str]:
    """The yes and no links of a satisfaction email, as paths with their query."""
    return {
        answer: re.search(rf"^{answer.title()}: http://127\.0\.0\.1:8000(\S+)$", body, re.M)[1]
        for answer in ("yes", "no")
    }


@immediate_tasks
@time_machine.travel(NOW, tick=False)
class AskingTests(TestCase):
    def test_asks_each_closed_enquiry_once_by_email_with_no_health_data(self):
        enquiry = closed(full_name="Margaret Hughes", email="margaret@example.org")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertIn("1 enquirer(s) asked", ask())
        (message,) = mail.outbox
        self.assertEqual(message.to, ["margaret@example.org"])
        self.assertEqual(message.subject, f"Did we answer your question? {enquiry.reference}")
        self.assertIn("Dear Margaret Hughes,", message.body)
        self.assertEqual(set(links_in(message.body)), {"yes", "no"})
        self.assertNotIn("neuroendocrine", message.body)
        email = enquiry.emails.get()
        self.assertEqual((email.kind, email.status), ("satisfaction_question", "sent"))

        with self.captureOnCommitCallbacks(execute=True):
            self.assertIn("0 enquirer(s) asked", ask())
        self.assertEqual(len(mail.outbox), 1)

    def test_never_asks_those_it_must_not(self):
        kept_out = {
            "sensitive": closed(sensitive=True),
            "spam": closed(status=Enquiry.Status.SPAM),
            "never replied to": closed(replied=False),
            "closed minutes ago": closed(hours_ago=0.5),
            "closed over a week ago": closed(hours_ago=24 * 8),
            "erased": closed(anonymised_at=NOW),
            "still open": make_enquiry(
                status=Enquiry.Status.RESPONDED,
                first_response_at=NOW,
                first_response_method="phone",
                received_hours_ago=3,
            ),
            "held as suspected spam": make_enquiry(
                status=Enquiry.Status.HELD, held_as_spam_reason=Enquiry.SpamSignal.HONEYPOT
            ),
        }
        self.assertIn("0 enquirer(s) would be asked", ask("--dry-run"))
        ask()
        for why, enquiry in kept_out.items():
            with self.subTest(why):
                enquiry.refresh_from_db()
                self.assertIsNone(enquiry.satisfaction_asked_at)
        self.assertFalse(OutboundEmail.objects.exists())

    def test_dry_run_names_them_and_asks_nobody(self):
        enquiry = closed()
        output = ask("--dry-run", "--verbosity", "2")
        self.assertIn("1 enquirer(s) would be asked", output)
        self.assertIn(enquiry.reference, output)
        self.assertFalse(OutboundEmail.objects.exists())


@immediate_tasks
class AnsweringTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        mail.outbox.clear()  # Django empties it before each test, not before this
        with time_machine.travel(NOW, tick=False):
            cls.enquiry = closed()
            with cls.captureOnCommitCallbacks(execute=True):
                ask()
        cls.links = links_in(mail.outbox[0].body)

    def test_the_link_preselects_the_answer_and_stores_nothing_until_sent(self):
        response = self.client.get(self.links["no"])
        self.assertContains(response, "<h1>Did we answer your question?</h1>", html=True)
        self.assertInHTML(
            '<input type="radio" class="form-check-input" name="answered" value="no" required '
            'id="id_answered_1" checked>',
            response.text,
        )
        self.assertContains(response, 'name="csrfmiddlewaretoken"')
        self.assertNotContains(response, "neuroendocrine")
        self.assertFalse(SatisfactionAnswer.objects.exists())

    def test_an_answer_with_a_comment_is_kept_once_and_the_link_then_says_thank_you(self):
        response = self.client.post(
            self.links["no"], {"answered": "no", "comment": "Nobody called back."}, follow=True
        )
        self.assertContains(response, "Thank you for your answer")
        answer = SatisfactionAnswer.objects.get()
        self.assertEqual((answer.enquiry, answer.answered), (self.enquiry, False))
        self.assertEqual(answer.comment, "Nobody called back.")

        # Single use: the same link (or the other one) changes nothing now.
        response = self.client.post(self.links["yes"], {"answered": "yes"})
        self.assertContains(response, "We have it, and we will not ask again.")
        self.assertEqual(SatisfactionAnswer.objects.get().answered, False)

    def test_no_answer_chosen_is_explained(self):
        response = self.client.post(self.links["yes"].split("?")[0], {"comment": "Hmm"})
        self.assertContains(
            response, '<li><a href="#id_answered_0">Select yes or no</a></li>', html=True
        )
        self.assertContains(response, "<title>Error: Did we answer your question?")
        self.assertContains(response, "Hmm</textarea>")
        self.assertFalse(SatisfactionAnswer.objects.exists())

    def test_a_comment_over_the_limit_is_explained(self):
        response = self.client.post(self.links["yes"], {"answered": "yes", "comment": "x" * 1001})
        self.assertContains(response, "Your comment must be 1,000 characters or fewer")
        self.assertFalse(SatisfactionAnswer.objects.exists())

    def test_a_post_without_the_csrf_token_is_refused(self):
        response = Client(enforce_csrf_checks=True).post(self.links["yes"], {"answered": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(SatisfactionAnswer.objects.exists())

    def test_altered_expired_and_erased_links_lead_nowhere(self):
        path = self.links["yes"].split("?")[0]
        altered = path[:-3] + ("AAA" if not path.endswith("AAA/") else "BBB") + "/"
        response = self.client.get(altered)
        self.assertContains(response, "This link no longer works", status_code=404)
        with time_machine.travel(NOW + timedelta(days=61)):
            self.assertEqual(self.client.get(path).status_code, 404)
        Enquiry.objects.filter(pk=self.enquiry.pk).update(anonymised_at=NOW)
        self.assertEqual(self.client.get(path).status_code, 404)


@time_machine.travel(NOW, tick=False)
class ResultsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.windsor = make_centre(name="Windsor")
        cls.yes = closed(centre=cls.windsor, satisfaction_asked_at=NOW, email="yes@example.org")
        cls.no = closed(centre=cls.windsor, satisfaction_asked_at=NOW)
        cls.silent = closed(satisfaction_asked_at=NOW)
        SatisfactionAnswer.objects.create(enquiry=cls.yes, answered=True, comment="Thank you")
        SatisfactionAnswer.objects.create(enquiry=cls.no, answered=False)

    def test_the_report_counts_questions_and_answers_by_centre_and_week(self):
        report = sla_report(start=date(2026, 11, 20), end=date(2026, 12, 1))
        overall = report.overall
        self.assertEqual((overall.asked, overall.said_yes, overall.said_no), (3, 1, 1))
        by_centre = {row.label: (row.asked, row.said_yes, row.said_no) for row in report.by_centre}
        self.assertEqual(by_centre, {"No preference": (1, 0, 0), "Windsor": (2, 1, 1)})
        (week,) = report.by_week
        self.assertEqual((week.asked, week.said_yes, week.said_no), (3, 1, 1))

    def test_the_report_page_shows_them_beside_the_response_figures(self):
        self.client.force_login(make_superuser())
        response = self.client.get(reverse("admin:enquiries_enquiry_report"))
        self.assertContains(response, '<th scope="col" class="number">Said yes</th>', html=True)

    def test_the_enquiry_shows_the_answer_and_erasure_keeps_only_yes_or_no(self):
        self.client.force_login(make_superuser())
        url = reverse("admin:enquiries_enquiry_change", args=[self.yes.pk])
        self.assertContains(self.client.get(url), "Yes: Thank you")

        subject_access = reverse("admin:enquiries_enquiry_subject_access")
        exported = json.loads(
            self.client.post(subject_access, {"email": "yes@example.org", "action": "json"}).content
        )
        (answer,) = exported["enquiries"][0]["satisfaction_answers"]
        self.assertEqual((answer["answered"], answer["comment"]), (True, "Thank you"))

        self.client.post(subject_access, {"email": "yes@example.org", "action": "erase_confirmed"})
        answer = SatisfactionAnswer.objects.get(enquiry=self.yes)
        self.assertEqual((answer.answered, answer.comment), (True, ""))
        self.assertEqual(
            sla_report(start=date(2026, 11, 20), end=date(2026, 12, 1)).overall.said_yes, 1
        )

    def test_sensitive_is_ticked_on_the_enquiry(self):
        self.client.force_login(make_superuser())
        url = reverse("admin:enquiries_enquiry_change", args=[self.silent.pk])
        self.assertContains(self.client.get(url), 'name="sensitive"')
