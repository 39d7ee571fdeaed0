from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import TestCase

from tests.factories import make_therapy
from therapies.models import Therapy


class TherapyReviewDateTests(TestCase):
    def test_next_review_must_come_after_the_last_review(self):
        therapy = Therapy(
            title="A therapy",
            slug="a-therapy",
            summary="Summary.",
            last_reviewed=date(2026, 3, 1),
            next_review_due=date(2026, 3, 1),
        )
        with self.assertRaises(ValidationError) as caught:
            therapy.full_clean()
        self.assertEqual(
            caught.exception.message_dict["next_review_due"],
            ["Choose a date after the last review date."],
        )

    def test_the_database_refuses_a_review_due_before_the_last_review(self):
        with self.assertRaises(IntegrityError):
            make_therapy(last_reviewed=date(2026, 3, 1), next_review_due=date(2025, 3, 1))

    def test_due_for_review_means_overdue_or_due_within_30_days(self):
        today = date(2026, 6, 1)
        reviewed = date(2025, 1, 1)
        overdue = make_therapy(last_reviewed=reviewed, next_review_due=date(2026, 5, 31))
        due_today = make_therapy(last_reviewed=reviewed, next_review_due=today)
        in_30_days = make_therapy(last_reviewed=reviewed, next_review_due=date(2026, 7, 1))
        make_therapy(last_reviewed=reviewed, next_review_due=date(2026, 7, 2))
        make_therapy(last_reviewed=reviewed, next_review_due=today, is_published=False)
        self.assertQuerySetEqual(
            Therapy.objects.due_for_review(today),
            [overdue, due_today, in_30_days],
            ordered=False,
        )
        self.assertQuerySetEqual(Therapy.objects.overdue_for_review(today), [overdue])

    def test_enquiry_url_preselects_the_therapy(self):
        therapy = make_therapy(slug="177lu-psma")
        self.assertEqual(therapy.get_enquiry_url(), "/enquiries/new/?therapy=177lu-psma")
