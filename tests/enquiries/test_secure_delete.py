"""Erased text does not linger in the SQLite file, thanks to PRAGMA secure_delete."""

import secrets
import unittest
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase

from enquiries import services
from outbox.tasks import send_email
from tests.factories import make_enquiry, make_enquiry_note, make_outbound_email, make_staff_user


@unittest.skipUnless(connection.vendor == "sqlite", "about the SQLite file's bytes")
class SecureDeleteTests(TransactionTestCase):
    def database_bytes(self) -> bytes:
        """The database file once every committed change is in it, with nothing in the WAL."""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _, _ = cursor.fetchone()
        self.assertEqual(busy, 0, "no other connection may hold the checkpoint back")
        path = Path(connection.settings_dict["NAME"])
        wal = path.with_name(path.name + "-wal")
        self.assertFalse(wal.exists() and wal.stat().st_size, "the WAL is empty")
        return path.read_bytes()

    def test_erased_enquiries_leave_no_trace_in_the_database_file(self):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            self.assertEqual(cursor.fetchone(), (1,))
        marker = f"zq{secrets.token_hex(8)}"
        enquiry = make_enquiry(
            full_name=f"Ann {marker}",
            email=f"{marker}@example.org",
            message=f"Long message about my treatment. {marker} " * 40,  # overflows a page
        )
        make_enquiry_note(enquiry, text=f"Spoke to {marker}.")
        send_email.enqueue(
            make_outbound_email(about=enquiry, to_address=enquiry.email, body=f"Dear {marker}").pk
        )
        self.assertIn(marker.encode(), self.database_bytes())

        services.enquiries_erase_on_request(email=enquiry.email, by=make_staff_user())

        self.assertNotIn(marker.encode(), self.database_bytes())
