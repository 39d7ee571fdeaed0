"""Issue 5's "Done when", tried as new users would, through the admin.

A marketing editor changes a paragraph of the therapy page and previews it; the live page is
unchanged; a clinical reviewer approves it; the live page shows the change and the new review
dates; the editor compares the two versions and can revert.
"""

from datetime import UTC, datetime

import time_machine
from django.test import TestCase
from django.urls import reverse

from editorial.models import Revision
from tests.editorial.admin_forms import change_form_data
from tests.factories import make_clinical_reviewer, make_marketing_editor
from therapies import demo
from therapies.models import Therapy

PREVIEW_BANNER = "Preview: not published"
OLD = "This helps your team plan a treatment that is right for you."
NEW = "Your care team then plans the treatment that suits you best."


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:therapies_therapy_{name}", args=args)


@time_machine.travel(datetime(2027, 1, 15, 10, 0, tzinfo=UTC), tick=False)
class EditorialJourneyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo.load()
        cls.therapy = Therapy.objects.get(slug="177lu-octreotate")
        cls.editor = make_marketing_editor(first_name="Morgan", last_name="Marketing")
        cls.reviewer = make_clinical_reviewer(first_name="Dana", last_name="Doctor")

    def live_text(self) -> str:
        self.client.logout()
        response = self.client.get(self.therapy.get_absolute_url())
        self.assertNotContains(response, PREVIEW_BANNER)
        return " ".join(response.content.decode().split())

    def edit_paragraph(self, draft_url: str) -> None:
        data = change_form_data(self.client.get(draft_url))
        body = next(name for name, value in data.items() if OLD in str(value))
        data[body] = data[body].replace(OLD, NEW)
        response = self.client.post(
            draft_url,
            data | {"change_note": "Plainer words about planning.", "_continue": "Save draft"},
            follow=True,
        )
        self.assertContains(response, "The public page has not changed")

    def test_edit_preview_approve_compare_and_revert(self):
        # The editor opens the published page: read-only, with a way to start a draft.
        self.client.force_login(self.editor)
        page = self.client.get(admin_url("change", self.therapy.pk))
        self.assertContains(page, "Edit a draft of this page")
        self.assertNotContains(page, 'name="_continue"')
        response = self.client.post(admin_url("start_draft", self.therapy.pk))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        draft_url = admin_url("change", draft.pk)
        self.assertRedirects(response, draft_url)

        # They change one paragraph and preview it.
        self.edit_paragraph(draft_url)
        preview = self.client.get(self.therapy.get_preview_url())
        self.assertContains(preview, PREVIEW_BANNER)
        self.assertContains(preview, NEW)
        self.assertNotContains(preview, OLD)

        # The live page is unchanged.
        live = self.live_text()
        self.assertIn(OLD, live)
        self.assertNotIn(NEW, live)

        # They submit it for review; they cannot approve it themselves.
        self.client.force_login(self.editor)
        data = change_form_data(self.client.get(draft_url))
        self.client.post(draft_url, data | {"_submit": "Save and submit for clinical review"})
        draft.refresh_from_db()
        self.assertEqual(draft.get_status_display(), "In review")
        self.assertEqual(self.client.get(admin_url("publish", draft.pk)).status_code, 403)

        # The clinical reviewer sees what changed since the last approval, and approves it.
        self.client.force_login(self.reviewer)
        review = self.client.get(admin_url("publish", draft.pk))
        self.assertContains(review, "Submitted for review by Morgan Marketing")
        self.assertContains(review, "<del>This helps your </del>team <del>plan a </del>treatment")
        self.assertContains(review, "<ins>Your care </ins>team <ins>then plans the </ins>treatment")
        self.assertNotContains(review, "Having the treatment")  # unchanged sections are left out
        response = self.client.post(
            admin_url("publish", draft.pk),
            {
                "action": "publish",
                "next_review_due": "15/07/2027",
                "note": "Checked against the protocol.",
                "seen": review.context["form"]["seen"].value(),
            },
        )
        self.assertRedirects(response, admin_url("change", self.therapy.pk))
        approved = self.client.get(admin_url("change", self.therapy.pk))
        self.assertContains(approved, "Last clinical approval: Dana Doctor, 15 January 2027.")

        # The live page shows the change and the new review dates.
        live = self.live_text()
        self.assertIn(NEW, live)
        self.assertNotIn(OLD, live)
        self.assertIn(
            'Page last reviewed: <time datetime="2027-01-15">15 January 2027</time>', live
        )
        self.assertIn('Next review due: <time datetime="2027-07-15">15 July 2027</time>', live)

        # The editor compares the approved version with the one before, and reverts.
        self.client.force_login(self.editor)
        history = self.client.get(admin_url("history", self.therapy.pk))
        self.assertContains(history, "Dana Doctor")
        self.assertContains(history, "Checked against the protocol.")
        latest, earlier = Revision.objects.for_page(self.therapy).approvals()[:2]
        comparison = self.client.get(
            admin_url("compare", self.therapy.pk), {"a": earlier.pk, "b": latest.pk}
        )
        self.assertContains(
            comparison, "<del>This helps your </del>team <del>plan a </del>treatment"
        )
        self.assertContains(
            comparison, "<ins>Your care </ins>team <ins>then plans the </ins>treatment"
        )
        response = self.client.post(admin_url("restore", self.therapy.pk, earlier.pk))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        self.assertRedirects(response, admin_url("change", draft.pk))
        preview = self.client.get(self.therapy.get_preview_url())
        self.assertContains(preview, OLD)
        # Reverting is a draft like any other: the live page waits for a clinical approval.
        self.assertIn(NEW, self.live_text())
