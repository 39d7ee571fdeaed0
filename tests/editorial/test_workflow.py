"""Draft, review and publish: editing never changes the live page until it is published."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre
from editorial import services
from editorial.models import Revision
from editorial.publishing import Status
from tests.factories import (
    make_centre_with_address,
    make_clinical_reviewer,
    make_marketing_editor,
    make_site_page,
    make_therapy,
    make_therapy_section,
)
from therapies.models import Therapy, TherapySection

NEXT_YEAR = timezone.localdate() + timedelta(days=365)


def publish_url(page) -> str:
    return reverse(f"admin:therapies_{page._meta.model_name}_publish", args=[page.pk])


class DraftTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.therapy = make_therapy(title="Live title", summary="Live summary.")
        make_therapy_section(cls.therapy, heading="Live section", body="Live words.")
        cls.centre = make_centre_with_address(therapies=[cls.therapy])

    def start_draft(self) -> Therapy:
        draft = services.draft_start(page=self.therapy, by=self.editor)
        draft.title = "Draft title"
        draft.save()
        draft.sections.update(body="Draft words.")
        return draft

    def submitted_draft(self) -> Therapy:
        draft = self.start_draft()
        services.submit_for_review(draft=draft, by=self.editor)
        return draft

    def test_a_draft_copies_the_page_its_parts_and_links(self):
        draft = services.draft_start(page=self.therapy, by=self.editor)
        self.assertEqual(draft.draft_of, self.therapy)
        self.assertEqual(draft.status, Status.DRAFT)
        self.assertEqual([part.body for part in draft.sections.all()], ["Live words."])
        self.assertEqual(services.draft_start(page=self.therapy, by=self.editor), draft)

    def test_draft_changes_are_invisible_to_the_public(self):
        self.start_draft()
        response = self.client.get(self.therapy.get_absolute_url())
        self.assertContains(response, "<h1>Live title</h1>", html=True)
        self.assertContains(response, "Live words.")
        self.assertNotContains(response, "Draft words.")

    def test_the_preview_shows_the_draft_with_the_live_pages_centres(self):
        self.start_draft()
        self.client.force_login(self.editor)
        preview = self.client.get(self.therapy.get_preview_url())
        self.assertContains(preview, "<h1>Draft title</h1>", html=True)
        self.assertContains(preview, self.centre.name)

    def test_drafts_stay_out_of_every_list_link_and_choice(self):
        self.start_draft()
        self.assertEqual(list(Therapy.objects.all()), [self.therapy])
        self.assertEqual(list(self.centre.therapies.all()), [self.therapy])
        self.assertEqual(list(Centre.objects.offering(self.therapy)), [self.centre])
        self.assertContains(self.client.get("/sitemap.xml"), self.therapy.get_absolute_url(), 1)
        enquiry_form = self.client.get(reverse("enquiries:create"))
        self.assertContains(enquiry_form, "Live title")
        self.assertNotContains(enquiry_form, "Draft title")

    def test_publishing_copies_the_draft_onto_the_live_page(self):
        draft = self.submitted_draft()
        revision = services.publish(draft=draft, by=self.reviewer, next_review_due=NEXT_YEAR)
        self.therapy.refresh_from_db()
        self.assertEqual(self.therapy.title, "Draft title")
        self.assertEqual([part.body for part in self.therapy.sections.all()], ["Draft words."])
        self.assertEqual(list(self.centre.therapies.all()), [self.therapy])
        self.assertFalse(Therapy.with_drafts.filter(pk=draft.pk).exists())
        self.assertEqual(TherapySection.objects.count(), 1)
        self.assertEqual(revision.kind, Revision.Kind.APPROVED)
        self.assertEqual(revision.created_by, self.reviewer)

    def test_approval_sets_the_review_dates(self):
        draft = self.submitted_draft()
        services.publish(draft=draft, by=self.reviewer, next_review_due=date(2099, 1, 1))
        self.therapy.refresh_from_db()
        self.assertEqual(self.therapy.last_reviewed, timezone.localdate())
        self.assertEqual(self.therapy.next_review_due, date(2099, 1, 1))

    def test_approval_needs_a_next_review_after_today(self):
        draft = self.submitted_draft()
        with self.assertRaises(ValidationError):
            services.publish(draft=draft, by=self.reviewer, next_review_due=timezone.localdate())

    def test_only_clinical_reviewers_approve_therapy_pages(self):
        draft = self.submitted_draft()
        with self.assertRaises(PermissionDenied):
            services.publish(draft=draft, by=self.editor, next_review_due=NEXT_YEAR)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(publish_url(draft)).status_code, 403)
        self.assertEqual(self.client.post(publish_url(draft), {}).status_code, 403)
        self.therapy.refresh_from_db()
        self.assertEqual(self.therapy.title, "Live title")

    def test_editors_publish_site_pages_themselves(self):
        page = make_site_page(title="Old terms")
        draft = services.draft_start(page=page, by=self.editor)
        draft.title = "New terms"
        draft.save()
        revision = services.publish(draft=draft, by=self.editor)
        self.assertEqual(revision.kind, Revision.Kind.PUBLISHED)
        self.assertContains(self.client.get(page.get_absolute_url()), "New terms")

    def test_reviewers_cannot_publish_site_pages(self):
        draft = services.draft_start(page=make_site_page(), by=self.editor)
        with self.assertRaises(PermissionDenied):
            services.publish(draft=draft, by=self.reviewer)

    def test_discarding_a_draft_leaves_the_live_page(self):
        draft = self.start_draft()
        services.discard_draft(draft=draft, by=self.editor)
        self.assertIsNone(Therapy.objects.get().get_draft())
        self.assertEqual(TherapySection.objects.get().body, "Live words.")
        self.assertTrue(Revision.objects.for_page(self.therapy).filter(kind="discarded").exists())


class ReviewThroughTheAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.therapy = make_therapy(title="A therapy")
        cls.draft = services.draft_start(page=cls.therapy, by=cls.editor)
        services.draft_saved(draft=cls.draft, by=cls.editor, note="First go.")
        services.submit_for_review(draft=cls.draft, by=cls.editor)

    def review(self, **data):
        self.client.force_login(self.reviewer)
        form = self.client.get(publish_url(self.draft)).context["form"]
        return self.client.post(publish_url(self.draft), {"seen": form["seen"].value()} | data)

    def test_returning_to_the_editor_needs_a_note(self):
        response = self.review(action="return", note="")
        self.assertContains(response, "Say what needs changing, so the editor knows.")
        response = self.review(action="return", note="Check the dose wording.")
        self.assertRedirects(
            response, reverse("admin:therapies_therapy_change", args=[self.draft.pk])
        )
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Status.DRAFT)
        returned = Revision.objects.for_page(self.therapy).first()
        self.assertEqual((returned.kind, returned.note), ("returned", "Check the dose wording."))

    def test_a_next_review_date_in_the_past_is_refused(self):
        response = self.review(action="publish", next_review_due="01/01/2020")
        self.assertContains(response, "Choose a date after today.")

    def test_approval_is_refused_when_the_draft_changed_since_it_was_shown(self):
        self.client.force_login(self.reviewer)
        form = self.client.get(publish_url(self.draft)).context["form"]
        services.draft_saved(draft=self.draft, by=self.editor, note="A late change.")
        response = self.client.post(
            publish_url(self.draft),
            {"action": "publish", "next_review_due": "01/01/2099", "seen": form["seen"].value()},
        )
        self.assertContains(response, "The draft has changed since you opened this page.")
        self.assertTrue(Therapy.with_drafts.filter(pk=self.draft.pk).exists())

    def test_the_editor_sees_submit_but_not_approve_and_the_reviewer_sees_approve(self):
        change = reverse("admin:therapies_therapy_change", args=[self.draft.pk])
        self.client.force_login(self.editor)
        response = self.client.get(change)
        self.assertNotContains(response, "Save and review for approval")
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get(change), "Save and review for approval")

    def test_taking_a_page_off_the_site(self):
        self.client.force_login(self.reviewer)
        url = reverse("admin:therapies_therapy_archive", args=[self.therapy.pk])
        self.assertContains(self.client.get(url), "Take it off the site")
        self.client.post(url)
        self.therapy.refresh_from_db()
        self.assertEqual(self.therapy.status, Status.ARCHIVED)
        self.client.logout()
        self.assertEqual(self.client.get(self.therapy.get_absolute_url()).status_code, 404)
