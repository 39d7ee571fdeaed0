"""Every page's history: who did what and when, two versions side by side, restoring one."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from editorial import compare, content, services
from editorial.models import Revision
from tests.factories import (
    make_centre_with_address,
    make_clinical_reviewer,
    make_marketing_editor,
    make_specialist,
    make_therapy,
    make_therapy_section,
)
from therapies.models import Therapy

NEXT_YEAR = timezone.localdate() + timedelta(days=365)


def admin_url(page, name: str, *args) -> str:
    return reverse(
        f"admin:{page._meta.app_label}_{page._meta.model_name}_{name}", args=[page.pk, *args]
    )


class HistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor(first_name="Eve", last_name="Editor")
        cls.reviewer = make_clinical_reviewer(first_name="Rae", last_name="Reviewer")
        cls.therapy = make_therapy(title="Version one")
        make_therapy_section(cls.therapy, heading="Dose", body="One dose a month.")
        cls.first = services.revision_record(
            page=cls.therapy, kind=Revision.Kind.APPROVED, by=cls.reviewer
        )
        draft = services.draft_start(page=cls.therapy, by=cls.editor)
        draft.title = "Version two"
        draft.save()
        draft.sections.update(body="One dose every <b>eight</b> weeks.")
        cls.saved = services.draft_saved(draft=draft, by=cls.editor, note="New dosing advice.")
        services.submit_for_review(draft=draft, by=cls.editor)
        cls.second = services.publish(draft=draft, by=cls.reviewer, next_review_due=NEXT_YEAR)
        cls.therapy.refresh_from_db()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_each_step_records_who_when_what_and_why(self):
        history = list(Revision.objects.for_page(self.therapy))
        self.assertEqual(
            [(revision.kind, revision.by) for revision in history],
            [
                ("approved", "Rae Reviewer"),
                ("submitted", "Eve Editor"),
                ("saved", "Eve Editor"),
                ("approved", "Rae Reviewer"),
            ],
        )
        self.assertEqual(self.saved.note, "New dosing advice.")
        self.assertEqual(self.saved.content["fields"]["title"], "Version two")
        self.assertEqual(self.first.content["parts"]["sections"][0]["body"], "One dose a month.")

    def test_a_save_that_changes_nothing_is_not_a_step(self):
        draft = services.draft_start(page=self.therapy, by=self.editor)
        self.assertIsNone(services.draft_saved(draft=draft, by=self.editor))
        draft.title = "Version three"
        draft.save()
        self.assertEqual(services.draft_saved(draft=draft, by=self.editor).kind, "saved")
        self.assertIsNone(services.draft_saved(draft=draft, by=self.editor))
        noted = services.draft_saved(draft=draft, by=self.editor, note="Checked the links.")
        self.assertEqual(noted.note, "Checked the links.")

    def test_history_page_lists_the_steps(self):
        response = self.client.get(admin_url(self.therapy, "history"))
        self.assertContains(response, "<td>Clinically approved</td>", count=2, html=True)
        self.assertContains(response, "New dosing advice.")
        self.assertContains(response, "Eve Editor")
        self.assertContains(response, 'form="compare-versions"')

    def test_compare_shows_the_changed_words_escaped(self):
        response = self.client.get(
            admin_url(self.therapy, "compare"), {"a": self.second.pk, "b": self.first.pk}
        )
        self.assertContains(response, "<del>one</del>")
        self.assertContains(response, "<ins>two</ins>")
        self.assertContains(response, "<ins>every &lt;b&gt;eight&lt;/b&gt; weeks.</ins>")
        self.assertNotContains(response, "<b>eight</b>")
        self.assertNotContains(response, "style=")
        # Older on the left, whichever order they were chosen in.
        self.assertEqual(response.context["older"], self.first)

    def test_compare_refuses_versions_of_another_page(self):
        other = services.revision_record(page=make_therapy(), kind="saved", by=self.editor)
        response = self.client.get(
            admin_url(self.therapy, "compare"), {"a": self.first.pk, "b": other.pk}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self.client.get(admin_url(self.therapy, "compare"), {"a": "x"}).status_code, 404
        )

    def test_restoring_an_earlier_version_makes_a_draft_of_it(self):
        response = self.client.post(admin_url(self.therapy, "restore", self.first.pk))
        draft = Therapy.with_drafts.get(draft_of=self.therapy)
        self.assertRedirects(response, admin_url(draft, "change"))
        self.assertEqual(draft.title, "Version one")
        self.assertEqual(draft.sections.get().body, "One dose a month.")
        self.assertEqual(Therapy.objects.get().title, "Version two")
        restored = Revision.objects.for_page(self.therapy).first()
        self.assertEqual((restored.kind, restored.by), ("restored", "Eve Editor"))
        self.assertIn("Clinically approved", restored.note)

    def test_restoring_needs_a_post(self):
        response = self.client.get(admin_url(self.therapy, "restore", self.first.pk))
        self.assertEqual(response.status_code, 405)

    def test_changes_since_the_last_clinical_approval(self):
        draft = services.draft_start(page=self.therapy, by=self.editor)
        draft.sections.update(body="One dose every eight weeks, by drip.")
        response = self.client.get(admin_url(self.therapy, "changes"))
        self.assertContains(response, "Changes since last clinical approval")
        self.assertContains(response, "<ins>eight weeks, by drip.</ins>")
        self.assertNotContains(response, '<th scope="row">Title')  # unchanged: left out


class SnapshotTests(TestCase):
    """Snapshots keep every content model's fields, links and parts, and restore them."""

    def test_centre_with_hours_and_therapies_round_trips(self):
        therapy = make_therapy(title="Lutetium")
        centre = make_centre_with_address(therapies=[therapy], parking="Free.")
        centre.opening_hours.create(weekday=0, opens="09:00", closes="17:00")
        data = content.snapshot(centre)
        draft = services.draft_start(page=centre, by=make_marketing_editor())
        draft.parking = "Paid."
        draft.save()
        draft.therapies.clear()
        draft.opening_hours.all().delete()
        content.restore(data, into=draft)
        draft.refresh_from_db()
        self.assertEqual(draft.parking, "Free.")
        self.assertEqual(list(draft.therapies.all()), [therapy])
        self.assertEqual(str(draft.opening_hours.get()), "Monday: 09:00 to 17:00")

    def test_line_breaks_typed_in_a_browser_are_not_changes(self):
        before = make_therapy(introduction="One line.\nAnother line.")
        after = make_therapy(introduction="One line.\r\nAnother line.")
        rows = compare.compare(Therapy, content.snapshot(before), content.snapshot(after))
        self.assertEqual([row.label for row in rows if row.changed], ["Title", "Slug"])

    def test_readable_versions_name_linked_pages_and_parts(self):
        therapy = make_therapy(title="Lutetium")
        specialist = make_specialist(therapies=[therapy], gmc_number="1234567")
        text = compare.readable(type(specialist), content.snapshot(specialist))
        self.assertEqual(text["Therapies"], "Lutetium")
        self.assertEqual(text["GMC number"], "1234567")
        centre = make_centre_with_address()
        centre.opening_hours.create(weekday=0, opens="09:00", closes="17:00")
        text = compare.readable(type(centre), content.snapshot(centre))
        self.assertEqual(
            text["Usual opening hours: Monday: 09:00 to 17:00"],
            "Closed all day: No\nOpens: 09:00\nCloses: 17:00\nWeekday: Monday",
        )
