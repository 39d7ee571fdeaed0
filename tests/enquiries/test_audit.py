from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enquiries import services
from enquiries.models import AuditEvent
from tests.factories import (
    make_enquiry,
    make_outbound_email,
    make_staff_user,
    make_triage_user,
)

AUDIT_LOG = reverse("admin:enquiries_auditevent_changelist")


class AuditLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()
        cls.enquiry = make_enquiry()
        cls.email = make_outbound_email(about=cls.enquiry, status="failed")

    def setUp(self):
        self.client.force_login(self.staff)

    def logged(self):
        return list(AuditEvent.objects.values_list("username", "action", "reference"))

    def test_opening_an_enquiry_is_logged(self):
        self.client.get(self.enquiry.get_admin_url())
        self.assertEqual(self.logged(), [(self.staff.username, "view", self.enquiry.reference)])

    def test_opening_one_of_its_emails_is_logged_against_the_enquiry(self):
        self.client.get(reverse("admin:outbox_outboundemail_change", args=[self.email.pk]))
        self.assertEqual(self.logged(), [(self.staff.username, "view", self.enquiry.reference)])

    def test_changes_actions_and_resends_are_logged(self):
        self.client.post(
            reverse("admin:enquiries_enquiry_changelist"),
            {"action": "assign_to_me", "_selected_action": [self.enquiry.pk]},
        )
        self.client.post(reverse("admin:outbox_outboundemail_resend", args=[self.email.pk]))
        self.assertEqual(
            self.logged(), [(self.staff.username, "change", self.enquiry.reference)] * 2
        )

    def test_resending_from_the_email_list_is_logged_against_each_enquiry(self):
        other = make_outbound_email(status="failed")
        self.client.post(
            reverse("admin:outbox_outboundemail_changelist"),
            {"action": "resend", "_selected_action": [self.email.pk, other.pk]},
        )
        self.assertCountEqual(
            self.logged(),
            [
                (self.staff.username, "change", self.enquiry.reference),
                (self.staff.username, "change", other.about.reference),
            ],
        )

    def test_a_missing_enquiry_logs_nothing(self):
        self.client.get(reverse("admin:enquiries_enquiry_change", args=[999_999]))
        self.assertEqual(self.logged(), [])

    def test_the_audit_log_is_read_only_even_for_superusers(self):
        self.client.get(self.enquiry.get_admin_url())
        self.client.force_login(make_staff_user())
        listing = self.client.get(AUDIT_LOG)
        self.assertContains(listing, self.enquiry.reference)
        self.assertContains(listing, self.staff.username)
        self.assertNotContains(listing, 'value="delete_selected"')
        self.assertNotContains(listing, "Add audit log entry")
        entry = AuditEvent.objects.get()
        page = self.client.get(reverse("admin:enquiries_auditevent_change", args=[entry.pk]))
        self.assertNotContains(page, 'name="_save"')

    def test_the_audit_log_listing_costs_the_same_queries_however_long(self):
        self.client.force_login(make_staff_user())
        services.audit_record(user=self.staff, action="view", references=["ENQ-AAAAAA"])
        with CaptureQueriesContext(connection) as one_entry:
            self.client.get(AUDIT_LOG)
        services.audit_record(
            user=self.staff, action="view", references=[f"ENQ-{n}AAAAA" for n in range(2, 9)]
        )
        with self.assertNumQueries(len(one_entry)):
            self.client.get(AUDIT_LOG)

    def test_the_audit_log_is_for_staff_trusted_with_it(self):
        self.assertEqual(self.client.get(AUDIT_LOG).status_code, 403)

    def test_enquiries_cannot_be_deleted_only_erased(self):
        self.client.force_login(make_staff_user())
        response = self.client.get(self.enquiry.get_admin_url())
        self.assertNotContains(response, 'class="deletelink"')
        delete_url = reverse("admin:enquiries_enquiry_delete", args=[self.enquiry.pk])
        self.assertEqual(self.client.post(delete_url, {"post": "yes"}).status_code, 403)
