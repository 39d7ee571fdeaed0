"""Scheduled go-live and take-down, honoured at the exact second without anyone acting."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TestCase

from editorial import services
from editorial.models import Revision
from editorial.publishing import Status
from pages.models import SitePage
from tests.factories import (
    make_clinical_reviewer,
    make_marketing_editor,
    make_site_page,
    make_specialist,
    make_therapy,
)
from therapies.models import Therapy

GO_LIVE = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def publish_scheduled(*args) -> str:
    out = StringIO()
    call_command("publish_scheduled", *args, stdout=out)
    return out.getvalue()


class GoLiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = make_site_page(title="Winter hours", go_live_at=GO_LIVE)

    def status_at(self, moment) -> int:
        with time_machine.travel(moment, tick=False):
            return self.client.get(self.page.get_absolute_url()).status_code

    def test_a_new_page_appears_at_its_go_live_time(self):
        self.assertEqual(self.status_at(GO_LIVE - SECOND), 404)
        self.assertEqual(self.status_at(GO_LIVE), 200)

    def test_lists_and_choices_built_before_the_go_live_time_show_it_after(self):
        therapy = make_therapy(title="Scheduled therapy", go_live_at=GO_LIVE)
        with time_machine.travel(GO_LIVE - SECOND, tick=False):
            built_earlier = Therapy.objects.published()
            self.assertNotContains(self.client.get("/therapies/"), "Scheduled therapy")
        with time_machine.travel(GO_LIVE, tick=False):
            self.assertEqual(list(built_earlier.all()), [therapy])
            self.assertContains(self.client.get("/therapies/"), "Scheduled therapy")
            self.assertContains(self.client.get("/enquiries/new/"), "Scheduled therapy")

    def test_the_command_then_records_it_and_is_idempotent(self):
        with time_machine.travel(GO_LIVE - SECOND, tick=False):
            self.assertIn("0 page(s) did go live", publish_scheduled())
        with time_machine.travel(GO_LIVE, tick=False):
            self.assertIn("1 page(s) did go live", publish_scheduled())
            self.assertIn("0 page(s) did go live", publish_scheduled())
        self.page.refresh_from_db()
        self.assertIsNone(self.page.go_live_at)
        went_live = Revision.objects.for_page(self.page).get()
        self.assertEqual((went_live.kind, went_live.created_by), ("published", None))


class TakeDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(take_down_at=GO_LIVE)
        cls.specialist = make_specialist(take_down_at=GO_LIVE)

    def test_pages_leave_the_site_at_their_take_down_time(self):
        for page in [self.therapy, self.specialist]:
            with self.subTest(page=page):
                with time_machine.travel(GO_LIVE - SECOND, tick=False):
                    self.assertEqual(self.client.get(page.get_absolute_url()).status_code, 200)
                with time_machine.travel(GO_LIVE, tick=False):
                    self.assertEqual(self.client.get(page.get_absolute_url()).status_code, 404)

    def test_the_command_archives_them(self):
        with time_machine.travel(GO_LIVE - SECOND, tick=False):
            publish_scheduled()
        self.therapy.refresh_from_db()
        self.assertEqual(self.therapy.status, Status.PUBLISHED)
        with time_machine.travel(GO_LIVE, tick=False):
            self.assertIn("2 page(s) did come down", publish_scheduled())
            self.assertIn("0 page(s) did come down", publish_scheduled())
        self.therapy.refresh_from_db()
        self.assertEqual(self.therapy.status, Status.ARCHIVED)


@time_machine.travel(GO_LIVE - timedelta(days=7), tick=False)
class ScheduledChangeTests(TestCase):
    """An approved draft of a live page replaces it when its go-live time comes."""

    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Before")
        editor = make_marketing_editor()
        draft = services.draft_start(page=cls.therapy, by=editor)
        draft.title = "After"
        draft.go_live_at = GO_LIVE
        draft.save()
        services.submit_for_review(draft=draft, by=editor)
        cls.reviewer = make_clinical_reviewer()
        cls.approval = services.publish(
            draft=draft, by=cls.reviewer, next_review_due=GO_LIVE.date() + timedelta(days=365)
        )

    def title_at(self, moment) -> str:
        with time_machine.travel(moment, tick=False):
            publish_scheduled()
            return Therapy.objects.get().title

    def test_approval_waits_for_the_go_live_time(self):
        self.assertEqual(self.approval.kind, Revision.Kind.APPROVED)
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        self.assertEqual(draft.status, Status.SCHEDULED)
        self.assertEqual(self.title_at(GO_LIVE - SECOND), "Before")
        self.assertEqual(self.title_at(GO_LIVE), "After")
        self.assertFalse(Therapy.with_drafts.filter(draft_of__isnull=False).exists())

    def test_a_dry_run_changes_nothing(self):
        with time_machine.travel(GO_LIVE, tick=False):
            self.assertIn("1 page(s) would go live", publish_scheduled("--dry-run"))
        self.assertEqual(Therapy.objects.get().title, "Before")

    def test_editing_an_approved_draft_needs_approving_again(self):
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        services.draft_saved(draft=draft, by=self.reviewer)  # no change: still approved
        self.assertEqual(draft.status, Status.SCHEDULED)
        draft.title = "After, edited"
        draft.save()
        services.draft_saved(draft=draft, by=self.reviewer)
        draft.refresh_from_db()
        self.assertEqual(draft.status, Status.DRAFT)
        self.assertEqual(self.title_at(GO_LIVE), "Before")

    def test_a_site_page_scheduled_by_an_editor(self):
        editor = make_marketing_editor()
        page = make_site_page(title="Old")
        draft = services.draft_start(page=page, by=editor)
        draft.title, draft.go_live_at = "New", GO_LIVE
        draft.save()
        self.assertEqual(services.publish(draft=draft, by=editor).kind, Revision.Kind.SCHEDULED)
        with time_machine.travel(GO_LIVE, tick=False):
            publish_scheduled()
        self.assertEqual(SitePage.objects.get(pk=page.pk).title, "New")
