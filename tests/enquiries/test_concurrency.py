"""Simultaneous submissions from real threads, each with its own database connection."""

import threading

from django.db import connection
from django.test import Client, TransactionTestCase
from django.urls import reverse

from enquiries.models import Enquiry
from outbox.models import OutboundEmail
from tests.enquiries.support import form_data

URL = reverse("enquiries:create")
THREADS = 10


class ConcurrentSubmissionTests(TransactionTestCase):
    def post_at_once(self, payloads):
        """Post each payload from its own thread, all released together."""
        barrier = threading.Barrier(len(payloads))
        statuses = [None] * len(payloads)

        def post(index, data, address):
            try:
                client = Client(REMOTE_ADDR=address)
                barrier.wait()
                statuses[index] = client.post(URL, data).status_code
            finally:
                connection.close()

        threads = [
            threading.Thread(target=post, args=(index, data, address))
            for index, (data, address) in enumerate(payloads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statuses

    def test_identical_concurrent_submissions_store_one_enquiry(self):
        data = form_data()
        statuses = self.post_at_once([(data, "203.0.113.9")] * THREADS)
        self.assertEqual(statuses, [302] * THREADS)
        self.assertEqual(Enquiry.objects.count(), 1)
        self.assertEqual(OutboundEmail.objects.count(), 2)

    def test_different_concurrent_submissions_are_all_stored(self):
        payloads = [(form_data(), f"203.0.113.{n}") for n in range(THREADS)]
        statuses = self.post_at_once(payloads)
        self.assertEqual(statuses, [302] * THREADS)
        self.assertEqual(Enquiry.objects.count(), THREADS)
        self.assertEqual(OutboundEmail.objects.count(), 2 * THREADS)
