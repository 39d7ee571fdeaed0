from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enquiries import services
from enquiries.models import AuditEvent, search_term_hash
from tests.factories import (
    make_enquiry,
    make_outbound_email,
    make_staff_user,
    make_triage_user,
)

AUDIT_LOG = reverse("admin:enquiries_auditevent_changelist")
QUEUE = reverse("admin:enquiries_enquiry_changelist")
EMAILS = reverse("admin:outbox_outboundemail_changelist")


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


class ListingAuditTests(TestCase):
    """Lists and searches of enquiries show personal data: each page shown is one entry."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()
        cls.wanted = make_enquiry(full_name="Jane Example", phone="+447911123456")
        cls.others = [make_enquiry() for _ in range(3)]

    def setUp(self):
        self.client.force_login(self.staff)

    def test_a_search_is_logged_with_the_term_hashed_and_the_references_shown(self):
        # Typed as people say a phone number: stored as +447911123456, never as typed.
        term = "07911 123456"
        self.client.get(QUEUE, {"q": term})

        entry = AuditEvent.objects.get()
        self.assertEqual(
            (entry.username, entry.action, entry.listed_references()),
            (self.staff.username, "search", [self.wanted.reference]),
        )
        self.assertEqual(entry.search_hash, search_term_hash(term))
        database = StringIO()
        call_command("dumpdata", stdout=database)
        self.assertNotIn(term, database.getvalue())
        self.assertNotIn("07911123456", database.getvalue())

    def test_listing_the_queue_is_one_entry_with_every_reference_shown(self):
        self.client.get(QUEUE)

        entry = AuditEvent.objects.get()
        self.assertEqual((entry.action, entry.search_hash), ("list", ""))
        self.assertCountEqual(
            entry.listed_references(),
            [enquiry.reference for enquiry in [self.wanted, *self.others]],
        )

    def test_the_email_list_is_logged_against_the_enquiries_it_shows(self):
        make_outbound_email(about=self.wanted)
        self.client.get(EMAILS)
        entry = AuditEvent.objects.get()
        self.assertEqual(entry.action, "list")
        self.assertEqual(entry.listed_references(), [self.wanted.reference])

    def test_a_search_of_the_email_list_is_logged_even_when_it_finds_nothing(self):
        self.client.get(EMAILS, {"q": "Jane Example"})
        entry = AuditEvent.objects.get()
        self.assertEqual(
            (entry.action, entry.search_hash, entry.listed_references()),
            ("search", search_term_hash("Jane Example"), []),
        )

    def test_the_email_list_costs_the_same_queries_however_long(self):
        make_outbound_email(about=self.wanted)
        with CaptureQueriesContext(connection) as one_row:
            self.client.get(EMAILS)
        for enquiry in self.others:
            make_outbound_email(about=enquiry)
            make_outbound_email(about=enquiry, kind="overdue_alert")
        with self.assertNumQueries(len(one_row)):
            self.client.get(EMAILS)
        self.assertEqual(len(AuditEvent.objects.first().listed_references()), 4)

    def test_a_list_that_shows_nobody_is_not_logged(self):
        self.client.get(QUEUE, {"queue": "open", "status__exact": "closed"})
        self.assertFalse(AuditEvent.objects.exists())

    def test_the_queue_costs_the_same_queries_however_long(self):
        with CaptureQueriesContext(connection) as four_rows:
            self.client.get(QUEUE)
        for _ in range(10):
            make_enquiry()
        with self.assertNumQueries(len(four_rows)):
            self.client.get(QUEUE)
        self.assertEqual(len(AuditEvent.objects.first().listed_references()), 14)


class AuditLogOfSearchesTests(TestCase):
    """Whoever reads the audit log sees lists and searches plainly, and can ask who searched
    for some words without the log ever holding them."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()
        cls.auditor = make_staff_user()
        cls.shown = [make_enquiry() for _ in range(7)]
        cls.references = sorted(enquiry.reference for enquiry in cls.shown)
        services.audit_listing_record(
            user=cls.staff, search_term="Jane  Example", references=cls.references
        )
        services.audit_listing_record(
            user=cls.staff, search_term="Someone Else", references=cls.references[:1]
        )

    def setUp(self):
        self.client.force_login(self.auditor)

    def test_the_log_names_the_search_and_the_enquiries_it_showed(self):
        listing = self.client.get(AUDIT_LOG)
        self.assertContains(listing, '<td class="field-action">Searched</td>', count=2)
        self.assertContains(listing, ", ".join(self.references[:5]) + " and 2 more")
        entry = AuditEvent.objects.filter(listed__contains=self.references[6]).get()
        page = self.client.get(reverse("admin:enquiries_auditevent_change", args=[entry.pk]))
        self.assertContains(page, "<br>".join(self.references))

    def test_searching_the_log_for_the_words_finds_that_search(self):
        found = self.client.get(AUDIT_LOG, {"q": "jane example"}).context["cl"].result_list
        self.assertEqual([entry.listed_references() for entry in found], [self.references])

    def test_searching_the_log_for_a_reference_finds_the_lists_that_showed_it(self):
        found = self.client.get(AUDIT_LOG, {"q": self.references[0]}).context["cl"].result_list
        self.assertEqual(len(found), 2)

    def test_searches_are_still_found_after_the_secret_key_is_replaced(self):
        old_key = settings.SECRET_KEY
        with override_settings(SECRET_KEY="a-new-key", SECRET_KEY_FALLBACKS=[old_key]):
            self.client.force_login(self.auditor)
            found = self.client.get(AUDIT_LOG, {"q": "Jane Example"}).context["cl"].result_list
        self.assertEqual(len(found), 1)
