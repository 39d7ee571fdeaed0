"""The cron jobs find today's work through an index, never by reading every enquiry kept.

Years of closed and erased enquiries must not slow `check_enquiry_sla` (every few
minutes) or `apply_enquiry_retention` (nightly): bench/RESULTS.md has the figures at
1,000 and 100,000 enquiries. Here, the database's own query plan names the index.
"""

from django.db import connection
from django.test import TestCase

from enquiries.models import Enquiry

QUEUE_INDEX = "enquiries_e_status_cdcd0c_idx"  # Meta.indexes: status, due_at
RETENTION_INDEX = "enquiry_retention_due_idx"


def plan(queryset) -> str:
    if connection.vendor == "postgresql":
        # With a handful of test rows a sequential scan is cheaper; the question here is
        # whether the index can answer the query at all.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


class CronQueryPlanTests(TestCase):
    def test_replies_due_soon_are_found_through_the_open_queue_index(self):
        self.assertIn(QUEUE_INDEX, plan(Enquiry.objects.due_soon()))

    def test_overdue_replies_are_found_through_the_open_queue_index(self):
        self.assertIn(QUEUE_INDEX, plan(Enquiry.objects.overdue()))

    def test_enquiries_past_retention_are_found_among_those_not_yet_erased(self):
        self.assertIn(RETENTION_INDEX, plan(Enquiry.objects.past_retention()))

    def test_the_indexes_are_the_ones_the_model_declares(self):
        names = {index.name for index in Enquiry._meta.indexes}
        self.assertLessEqual({QUEUE_INDEX, RETENTION_INDEX}, names)
