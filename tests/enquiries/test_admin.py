import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enquiries.models import EmailKind, Enquiry, EnquiryNote
from outbox.models import OutboundEmail
from tests.enquiries.support import immediate_tasks
from tests.factories import (
    make_centre,
    make_enquiry,
    make_outbound_email,
    make_therapy,
    make_triage_user,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CHANGELIST = reverse("admin:enquiries_enquiry_changelist")


def change_url(enquiry):
    return reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])


def references_in(response) -> list[str]:
    """The references in the changelist, top to bottom."""
    return re.findall(r'<th class="field-reference"><a href="[^"]+">(ENQ-\w+)</a>', response.text)


@time_machine.travel(NOW, tick=False)
class TriageQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()
        cls.colleague = make_triage_user(username="colleague")
        cls.windsor = make_centre(name="Windsor")
        cls.therapy = make_therapy(title="Lutetium therapy")
        cls.on_track = make_enquiry(received_hours_ago=2, centre=cls.windsor)
        cls.due_soon = make_enquiry(received_hours_ago=21, therapy=cls.therapy)
        cls.overdue = make_enquiry(
            received_hours_ago=30, full_name="Olive Overdue", assignee=cls.colleague
        )
        cls.waiting = make_enquiry(received_hours_ago=1, status=Enquiry.Status.WAITING)
        cls.met = make_enquiry(
            received_hours_ago=40,
            status=Enquiry.Status.RESPONDED,
            first_response_at=NOW - timedelta(hours=38),
            first_response_method="phone",
        )
        cls.missed = make_enquiry(
            received_hours_ago=60,
            status=Enquiry.Status.CLOSED,
            first_response_at=NOW - timedelta(hours=30),
            first_response_method="email",
            phone="+447911123456",
            email="closed.case@example.org",
        )
        cls.spam = make_enquiry(received_hours_ago=3, status=Enquiry.Status.SPAM)

    def setUp(self):
        self.client.force_login(self.staff)

    def test_queue_opens_on_open_enquiries_sorted_by_time_left(self):
        response = self.client.get(CHANGELIST)
        self.assertEqual(
            references_in(response),
            [e.reference for e in (self.overdue, self.due_soon, self.on_track, self.waiting)],
        )
        self.assertContains(response, '<li class="selected">\n    <a href="?queue=open"')

    def test_all_enquiries_on_request(self):
        response = self.client.get(CHANGELIST, {"queue": "all"})
        self.assertEqual(len(references_in(response)), 7)

    def test_sla_badges_say_their_state_in_words(self):
        response = self.client.get(CHANGELIST, {"queue": "all"})
        for css, text in [
            ("on_track", "On track: 22h 0m left, due by 10am on Wednesday 2 December"),
            ("due_soon", "Due soon: 3h 0m left, due by 3pm on Tuesday 1 December"),
            ("overdue", "Overdue by 6h 0m"),
            ("met", "Met: replied in 2h 0m"),
            ("missed", "Missed: replied 6h 0m late"),
            ("not_needed", "No response needed"),
        ]:
            self.assertContains(
                response, f'<span class="sla-badge sla-badge--{css}">{text}</span>', html=True
            )

    def test_every_filter_is_offered(self):
        response = self.client.get(CHANGELIST)
        for title in ("queue", "SLA", "status", "preferred centre", "therapy of interest"):
            self.assertContains(response, f"By {title}")
        self.assertContains(response, "By assignee")
        self.assertContains(response, "By received")

    def test_sla_filter(self):
        for state, expected in [
            ("on_track", [self.on_track, self.waiting]),
            ("due_soon", [self.due_soon]),
            ("overdue", [self.overdue]),
            ("met", [self.met]),
            ("missed", [self.missed]),
            ("not_needed", [self.spam]),
        ]:
            with self.subTest(state=state):
                response = self.client.get(CHANGELIST, {"queue": "all", "sla": state})
                self.assertCountEqual(references_in(response), [e.reference for e in expected])

    def test_status_centre_therapy_assignee_and_received_filters(self):
        for params, expected in [
            ({"status__exact": "spam"}, [self.spam]),
            ({"centre__id__exact": self.windsor.pk}, [self.on_track]),
            ({"therapy__id__exact": self.therapy.pk}, [self.due_soon]),
            ({"assignee__id__exact": self.colleague.pk}, [self.overdue]),
            (
                {
                    "received_at__gte": "2026-11-29 00:00:00+00:00",
                    "received_at__lt": "2026-11-30 00:00:00+00:00",
                },
                [self.missed, self.met],
            ),
        ]:
            with self.subTest(params=params):
                response = self.client.get(CHANGELIST, {"queue": "all", **params})
                self.assertEqual(references_in(response), [e.reference for e in expected])

    def test_search_by_reference_name_email_and_phone_finds_closed_enquiries_too(self):
        for term in (
            self.missed.reference.lower(),
            "closed.case@example.org",
            "07911 123456",
            "+44 7911 123456",
        ):
            with self.subTest(term=term):
                response = self.client.get(CHANGELIST, {"q": term})
                self.assertEqual(references_in(response), [self.missed.reference])
        response = self.client.get(CHANGELIST, {"q": "Olive Overdue"})
        self.assertEqual(references_in(response), [self.overdue.reference])

    def test_queue_query_count_does_not_grow_with_rows(self):
        # 13: session, user, two for permissions, three for the centre, therapy and assignee
        # filter choices, one count, one for the page of enquiries with their relations, one
        # for its audit log entry, and three to save the staff session's sliding idle timeout.
        with self.assertNumQueries(13):
            self.client.get(CHANGELIST, {"queue": "all"})
        for _ in range(20):
            make_enquiry(centre=self.windsor, therapy=self.therapy, assignee=self.staff)
        with self.assertNumQueries(13):
            response = self.client.get(CHANGELIST, {"queue": "all"})
        self.assertEqual(len(references_in(response)), 27)

    @pytest.mark.sqlite_only  # reads SQLite's EXPLAIN QUERY PLAN
    def test_the_open_queue_never_reads_every_enquiry_kept(self):
        # Years of closed enquiries must not slow the page staff open all day: each query
        # goes through an index (bench/RESULTS.md has the figures at 100,000 enquiries).
        with CaptureQueriesContext(connection) as queries:
            self.client.get(CHANGELIST)
        table = Enquiry._meta.db_table
        for query in queries:
            if table not in query["sql"] or not query["sql"].startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plan = " / ".join(row[-1] for row in cursor.fetchall())
            with self.subTest(query["sql"][:80]):
                self.assertNotRegex(plan, rf"\bSCAN {table}\b")

    def test_the_centre_therapy_and_assignee_filters_offer_only_those_with_enquiries(self):
        unused_centre = make_centre(name="Nowhere Yet")
        response = self.client.get(CHANGELIST)
        self.assertContains(response, f"centre__id__exact={self.windsor.pk}")
        self.assertNotContains(response, f"centre__id__exact={unused_centre.pk}")
        self.assertContains(response, f"therapy__id__exact={self.therapy.pk}")
        self.assertContains(response, f"assignee__id__exact={self.colleague.pk}")
        self.assertNotContains(response, f"assignee__id__exact={self.staff.pk}")

    def test_link_to_the_report(self):
        response = self.client.get(CHANGELIST)
        self.assertContains(response, reverse("admin:enquiries_enquiry_report"))

    def test_staff_cannot_add_or_delete_enquiries(self):
        response = self.client.get(CHANGELIST)
        self.assertNotContains(response, "Add enquiry")
        self.assertNotContains(response, 'value="delete_selected"')
        self.assertEqual(self.client.get(reverse("admin:enquiries_enquiry_add")).status_code, 403)


@immediate_tasks
@time_machine.travel(NOW, tick=False)
class TriageActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()
        cls.first = make_enquiry(received_hours_ago=3)
        cls.second = make_enquiry(received_hours_ago=30)

    def setUp(self):
        self.client.force_login(self.staff)

    def act(self, action, *enquiries, **extra):
        return self.client.post(
            CHANGELIST + "?queue=all",
            {"action": action, "_selected_action": [e.pk for e in enquiries], **extra},
            follow=True,
        )

    def test_assign_to_me(self):
        response = self.act("assign_to_me", self.first, self.second)
        self.assertContains(response, "2 enquiries assigned to you.")
        for enquiry in (self.first, self.second):
            enquiry.refresh_from_db()
            self.assertEqual(enquiry.assignee, self.staff)
            self.assertEqual(enquiry.status, Enquiry.Status.IN_PROGRESS)
        log = LogEntry.objects.get(object_id=self.first.pk)
        self.assertEqual(log.object_repr, self.first.reference)
        self.assertEqual(log.user, self.staff)

    def test_mark_as_spam_takes_it_out_of_the_queue(self):
        response = self.act("mark_as_spam", self.first)
        self.assertContains(response, "1 enquiry marked as spam.")
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Enquiry.Status.SPAM)
        self.assertEqual(self.first.sla_state(), "not_needed")
        queue = self.client.get(CHANGELIST)
        self.assertEqual(references_in(queue), [self.second.reference])

    def test_record_first_response_asks_how_and_when_then_stops_the_clocks(self):
        page = self.act("record_first_response", self.first, self.second)
        self.assertContains(page, "Record how and when you first replied to:")
        self.assertContains(page, self.first.reference)
        self.assertContains(page, 'value="2026-12-01T12:00"')

        response = self.act(
            "record_first_response",
            self.first,
            self.second,
            apply="1",
            method="phone",
            responded_at="2026-12-01T11:30",
        )
        self.assertContains(response, "First response recorded for 2 enquiries.")
        self.first.refresh_from_db()
        self.second.refresh_from_db()
        self.assertEqual(self.first.first_response_at, NOW - timedelta(minutes=30))
        self.assertEqual(self.first.first_response_by, self.staff)
        self.assertEqual(self.first.first_response_method, "phone")
        self.assertEqual(self.first.status, Enquiry.Status.RESPONDED)
        self.assertEqual(self.first.sla_state(), "met")
        self.assertEqual(self.second.sla_state(), "missed")

    def test_record_first_response_rejects_bad_details(self):
        page = self.act(
            "record_first_response", self.first, apply="1", responded_at="2026-12-02T09:00"
        )
        self.assertContains(page, "Select how you replied")
        self.assertContains(page, "The reply time cannot be in the future")
        self.first.refresh_from_db()
        self.assertIsNone(self.first.first_response_at)

    def test_a_reply_before_the_enquiry_arrived_is_refused(self):
        response = self.act(
            "record_first_response",
            self.first,
            apply="1",
            method="email",
            responded_at="2026-12-01T08:00",
        )
        self.assertContains(response, f"{self.first.reference} arrived after the reply time")
        self.first.refresh_from_db()
        self.assertIsNone(self.first.first_response_at)

    def test_a_first_response_is_recorded_once(self):
        details = {"apply": "1", "method": "phone", "responded_at": "2026-12-01T11:00"}
        self.act("record_first_response", self.first, **details)
        response = self.act(
            "record_first_response", self.first, **details | {"responded_at": "2026-12-01T11:50"}
        )
        self.assertContains(response, "already had a first response; it was left as it was.")
        self.first.refresh_from_db()
        self.assertEqual(self.first.first_response_at, NOW - timedelta(hours=1))


@immediate_tasks
@time_machine.travel(NOW, tick=False)
class EnquiryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()
        cls.enquiry = make_enquiry(received_hours_ago=1, message="About my scan")
        cls.note = EnquiryNote.objects.create(
            enquiry=cls.enquiry, author=cls.staff, text="Called, no answer."
        )
        cls.failed = make_outbound_email(
            about=cls.enquiry,
            to_address=cls.enquiry.email,
            status=OutboundEmail.Status.FAILED,
            attempts=30,
            next_attempt_at=None,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        )

    def setUp(self):
        self.client.force_login(self.staff)

    def form_data(self, **overrides):
        return {
            "status": "in_progress",
            "assignee": "",
            "notes-TOTAL_FORMS": "2",
            "notes-INITIAL_FORMS": "1",
            "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000",
            "notes-0-id": self.note.pk,
            "notes-0-enquiry": self.enquiry.pk,
            "notes-1-text": "",
            "notes-1-enquiry": self.enquiry.pk,
            "emails-TOTAL_FORMS": "1",
            "emails-INITIAL_FORMS": "1",
            "emails-MIN_NUM_FORMS": "0",
            "emails-MAX_NUM_FORMS": "1000",
            "emails-0-id": self.failed.pk,
            "emails-0-enquiry": self.enquiry.pk,
        } | overrides

    def test_what_the_enquirer_sent_is_read_only(self):
        response = self.client.get(change_url(self.enquiry))
        self.assertContains(response, "About my scan")
        for field in ("full_name", "email", "phone", "message", "centre", "consent_version"):
            self.assertNotRegex(response.text, rf'<(input|textarea|select)[^>]* name="{field}"')
        self.client.post(change_url(self.enquiry), self.form_data(full_name="Changed"))
        self.enquiry.refresh_from_db()
        self.assertNotEqual(self.enquiry.full_name, "Changed")
        self.assertEqual(self.enquiry.status, "in_progress")

    def test_notes_are_added_with_author_and_time_and_never_edited(self):
        response = self.client.post(
            change_url(self.enquiry),
            self.form_data(**{"notes-1-text": "Sent the leaflet.", "notes-0-text": "Rewritten"}),
        )
        self.assertEqual(response.status_code, 302)
        new_note = self.enquiry.notes.get(text="Sent the leaflet.")
        self.assertEqual(new_note.author, self.staff)
        self.assertEqual(new_note.created_at, NOW)
        self.note.refresh_from_db()
        self.assertEqual(self.note.text, "Called, no answer.")
        page = self.client.get(change_url(self.enquiry))
        self.assertContains(page, "Sent the leaflet.")
        self.assertContains(page, self.staff.username)

    def test_responded_needs_a_recorded_first_response(self):
        response = self.client.post(change_url(self.enquiry), self.form_data(status="responded"))
        self.assertContains(response, "Record the first response first")
        self.enquiry.refresh_from_db()
        self.assertEqual(self.enquiry.status, "new")

    def test_each_email_shows_its_status_and_can_be_resent(self):
        page = self.client.get(change_url(self.enquiry))
        self.assertContains(page, "Acknowledgement to the enquirer")
        self.assertContains(page, "Failed")
        self.assertContains(page, "SMTPServerDisconnected: Connection unexpectedly closed")
        resend_url = reverse("admin:outbox_outboundemail_resend", args=[self.failed.pk])
        self.assertContains(page, f'formaction="{resend_url}"')

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(resend_url, follow=True)
        self.assertRedirects(response, change_url(self.enquiry))
        self.assertContains(response, "Acknowledgement to the enquirer queued to send again.")
        self.failed.refresh_from_db()
        self.assertEqual(self.failed.status, "sent")
        self.assertEqual(mail.outbox[0].to, [self.enquiry.email])

    def test_resend_only_by_post_and_only_an_email_that_exists(self):
        resend_url = reverse("admin:outbox_outboundemail_resend", args=[self.failed.pk])
        self.assertEqual(self.client.get(resend_url).status_code, 403)
        missing = reverse("admin:outbox_outboundemail_resend", args=[999_999])
        self.assertEqual(self.client.post(missing).status_code, 404)
        self.failed.refresh_from_db()
        self.assertEqual(self.failed.status, "failed")


class TriageGroupTests(TestCase):
    def test_triage_staff_have_exactly_the_permissions_they_need(self):
        group = Group.objects.get(name="Triage staff")
        self.assertCountEqual(
            group.permissions.values_list("content_type__app_label", "codename"),
            [
                ("enquiries", "view_enquiry"),
                ("enquiries", "change_enquiry"),
                ("enquiries", "view_enquirynote"),
                ("enquiries", "add_enquirynote"),
                ("enquiries", "view_inboundmessage"),
                ("enquiries", "change_inboundmessage"),
                ("outbox", "view_outboundemail"),
                ("outbox", "change_outboundemail"),
            ],
        )

    def test_triage_staff_can_resend_from_the_email_list(self):
        staff = make_triage_user()
        email = make_outbound_email(
            kind=EmailKind.CENTRE_NOTIFICATION,
            to_address="centre@example.org",
            status=OutboundEmail.Status.FAILED,
            next_attempt_at=None,
        )
        self.client.force_login(staff)
        url = reverse("admin:outbox_outboundemail_changelist")
        self.assertContains(self.client.get(url, {"status__exact": "failed"}), "centre@example.org")
        with self.captureOnCommitCallbacks(execute=False):
            response = self.client.post(
                url, {"action": "resend", "_selected_action": [email.pk]}, follow=True
            )
        self.assertContains(response, "1 email queued to send again.")
        email.refresh_from_db()
        self.assertEqual(email.status, "queued")
