"""The review cycle: a dashboard of pages due for review, and reminders sent once per state."""

from datetime import date
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outbox.models import OutboundEmail
from tests.enquiries.support import immediate_tasks
from tests.factories import make_marketing_editor, make_therapy

TODAY = date(2027, 6, 1)
DASHBOARD = reverse("admin:therapies_reviewdue_changelist")


def send_reminders(*args) -> str:
    """Queue the reminders; after commit the (immediate) task backend sends them."""
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_review_reminders", *args, stdout=out)
    return out.getvalue()


@immediate_tasks
@time_machine.travel(TODAY, tick=False)
@override_settings(EDITORIAL_REVIEW_EMAIL="web-team@example.org")
class ReviewCycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.owner = make_marketing_editor(email="owner@example.org")
        reviewed = date(2026, 1, 1)
        cls.overdue = make_therapy(
            title="Overdue page", owner=cls.owner, last_reviewed=reviewed,
            next_review_due=date(2027, 5, 31),
        )  # fmt: skip
        cls.due_soon = make_therapy(
            title="Due soon page", last_reviewed=reviewed, next_review_due=date(2027, 7, 1)
        )
        make_therapy(title="Later page", last_reviewed=reviewed, next_review_due=date(2027, 7, 2))
        make_therapy(
            title="Unpublished page", last_reviewed=reviewed, next_review_due=date(2027, 5, 1),
            is_published=False,
        )  # fmt: skip

    def test_dashboard_lists_overdue_and_due_pages_soonest_first(self):
        self.client.force_login(self.owner)
        response = self.client.get(DASHBOARD)
        listed = [therapy.title for therapy in response.context["cl"].result_list]
        self.assertEqual(listed, ["Overdue page", "Due soon page"])
        self.assertContains(response, "Overdue by 1 days")
        self.assertContains(response, "Due in 30 days")
        change = reverse("admin:therapies_therapy_change", args=[self.overdue.pk])
        self.assertContains(response, f'<a href="{change}">Overdue page</a>', html=True)
        response = self.client.get(DASHBOARD, {"review": "overdue"})
        self.assertEqual(len(response.context["cl"].result_list), 1)

    def test_dashboard_query_count_does_not_grow(self):
        self.client.force_login(self.owner)
        with CaptureQueriesContext(connection) as few:
            self.client.get(DASHBOARD)
        for _ in range(3):
            make_therapy(owner=self.owner, last_reviewed=date(2026, 1, 1), next_review_due=TODAY)
        with self.assertNumQueries(len(few)):
            self.client.get(DASHBOARD)

    def test_each_page_owner_and_the_inbox_hear_once_per_state(self):
        self.assertIn("2 reminder(s) queued.", send_reminders())
        by_recipient = {(m.subject, m.to[0]): m for m in mail.outbox}
        self.assertEqual(
            sorted(by_recipient),
            [
                ("Review due in 30 days: Due soon page", "web-team@example.org"),
                ("Review overdue: Overdue page", "owner@example.org"),
                ("Review overdue: Overdue page", "web-team@example.org"),
            ],
        )
        overdue = by_recipient["Review overdue: Overdue page", "owner@example.org"]
        self.assertIn("was due on 31 May 2027", overdue.body)
        self.assertIn(f"/admin/therapies/therapy/{self.overdue.pk}/change/", overdue.body)

        self.assertIn("0 reminder(s) queued.", send_reminders())
        self.assertEqual(len(mail.outbox), 3)

    def test_a_page_due_soon_hears_again_when_it_becomes_overdue(self):
        send_reminders()
        with time_machine.travel(date(2027, 7, 2), tick=False):
            send_reminders()
        kinds = OutboundEmail.objects.about(self.due_soon).values_list("kind", flat=True)
        self.assertCountEqual(kinds, ["review_due_soon", "review_overdue"])
        self.assertIn("Review overdue: Due soon page", [sent.subject for sent in mail.outbox])

    def test_a_new_owner_hears_about_the_state_the_old_one_was_told_of(self):
        send_reminders()
        self.overdue.owner = make_marketing_editor(email="new-owner@example.org")
        self.overdue.save()
        self.assertIn(
            "Overdue page (clinical review overdue) to new-owner@example.org",
            send_reminders("--verbosity", "2"),
        )

    def test_a_dry_run_queues_nothing(self):
        self.assertIn("2 reminder(s) would be queued.", send_reminders("--dry-run"))
        self.assertEqual(mail.outbox, [])
        self.assertFalse(OutboundEmail.objects.exists())
