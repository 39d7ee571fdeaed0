"""A reference shown to a patient means their enquiry survives a power cut."""

import pytest
from django.db import connection
from django.test import TestCase


@pytest.mark.sqlite_only
class SqliteDurabilityTests(TestCase):
    def test_each_commit_is_synced_to_disk_before_it_returns(self):
        # In WAL mode, NORMAL (1) syncs only at checkpoints: the last commits before an
        # operating system crash or power cut can be lost. FULL (2) syncs every commit.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            self.assertEqual(cursor.fetchone(), (2,))
