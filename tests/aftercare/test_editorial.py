"""Aftercare steps are part of the therapy page: drafted, reviewed and approved with it."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from editorial import content, services
from editorial.compare import compare
from tests.aftercare.support import date_query, make_therapy_with_aftercare, planner_url
from tests.factories import make_clinical_reviewer, make_marketing_editor
from therapies.models import AftercareStep, Therapy

NEXT_YEAR = timezone.localdate() + timedelta(days=365)


class AftercareDraftTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.reviewer = make_clinical_reviewer()
        cls.therapy = make_therapy_with_aftercare()

    def plan(self):
        query = date_query(timezone.localdate())
        return self.client.get(planner_url(self.therapy, **query))

    def test_a_draft_copies_the_steps_and_the_planner_keeps_the_approved_days(self):
        draft = services.draft_start(page=self.therapy, by=self.editor)
        self.assertEqual(
            [step.title for step in draft.aftercare_steps.all()],
            [step.title for step in self.therapy.aftercare_steps.all()],
        )
        draft.aftercare_steps.filter(title="Sleep in a separate bed").update(
            title="Sleep in another room"
        )
        services.draft_saved(draft=draft, by=self.editor)
        services.submit_for_review(draft=draft, by=self.editor)
        self.assertContains(self.plan(), "Sleep in a separate bed")
        self.assertNotContains(self.plan(), "Sleep in another room")

        services.publish(draft=draft, by=self.reviewer, next_review_due=NEXT_YEAR)

        self.assertContains(self.plan(), "Sleep in another room")
        self.assertEqual(AftercareStep.objects.filter(therapy=self.therapy).count(), 6)

    def test_the_reviewer_sees_changed_days_and_history_keeps_them(self):
        before = content.snapshot(self.therapy)
        draft = services.draft_start(page=self.therapy, by=self.editor)
        draft.aftercare_steps.filter(title="Sleep in a separate bed").update(last_day=15)
        rows = compare(Therapy, before, content.snapshot(draft))
        changed = [row for row in rows if row.changed]
        self.assertEqual(len(changed), 1)
        self.assertIn("Sleep in a separate bed", changed[0].label)
        self.assertIn("15", changed[0].after)
        self.assertIn("aftercare_steps", before["parts"])


class AftercareStepValidationTests(TestCase):
    def test_the_last_day_cannot_come_before_the_first(self):
        therapy = make_therapy_with_aftercare()
        step = AftercareStep(therapy=therapy, title="Rest", first_day=7, last_day=3)
        with self.assertRaises(ValidationError) as error:
            step.full_clean()
        self.assertEqual(
            error.exception.message_dict["last_day"], ["Choose a day on or after the “from” day."]
        )

    def test_a_step_on_one_day(self):
        step = AftercareStep(first_day=14, last_day=None)
        self.assertEqual(step.dates_after(date(2027, 3, 3)), (date(2027, 3, 17), date(2027, 3, 17)))
