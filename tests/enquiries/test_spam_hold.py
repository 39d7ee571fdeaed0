"""Enquiries held as suspected spam: out of the queue until triage staff release them."""

import re
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from enquiries import reports, services
from enquiries.models import AuditEvent, EmailKind, Enquiry, ErasureRecord
from outbox.models import OutboundEmail
from tests.enquiries.support import form_data, immediate_tasks
from tests.factories import make_enquiry, make_enquiry_note, make_triage_user

URL = reverse("enquiries:create")
CHANGELIST = reverse("admin:enquiries_enquiry_changelist")
RECEIVED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 9am in London
RELEASED = RECEIVED + timedelta(hours=3)  # midday


def make_held_enquiry(**overrides) -> Enquiry:
    held = {"status": Enquiry.Status.HELD, "held_as_spam_reason": Enquiry.SpamSignal.HONEYPOT}
    return make_enquiry(**(held | overrides))


def references_in(response) -> list[str]:
    return re.findall(r'<th class="field-reference"><a href="[^"]+">(ENQ-\w+)</a>', response.text)


def shown(response, field: str) -> str:
    """What the enquiry page shows for one read-only field."""
    return re.search(
        rf'field-{field}">.*?<div class="readonly">(.*?)</div>', response.text, re.DOTALL
    ).group(1)


def change_url(enquiry) -> str:
    return reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])


def release_url(enquiry) -> str:
    return reverse("admin:enquiries_enquiry_release", args=[enquiry.pk])


@immediate_tasks
class HeldThenReleasedJourneyTests(TestCase):
    def test_a_held_enquiry_is_found_released_emailed_and_due_a_day_after_release(self):
        # A person's browser fills in the hidden field: the enquiry is held, not lost.
        with time_machine.travel(RECEIVED, tick=False):
            self.client.post(URL, form_data(website="Margaret Hughes"))
        enquiry = Enquiry.objects.get()

        triage = make_triage_user()
        self.client.force_login(triage)
        with time_machine.travel(RELEASED, tick=False):
            # Not in the queue staff work from...
            self.assertNotIn(enquiry.reference, references_in(self.client.get(CHANGELIST)))
            # ...but under its own filter, with the reason.
            held = self.client.get(CHANGELIST, {"queue": "held"})
            self.assertEqual(references_in(held), [enquiry.reference])
            self.assertContains(
                held,
                '<span class="sla-badge sla-badge--held">Held as suspected spam: Hidden field '
                "filled in (a bot, or the browser&#x27;s autofill)</span>",
                html=True,
            )

            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    CHANGELIST + "?queue=held",
                    {"action": "release_from_spam_hold", "_selected_action": [enquiry.pk]},
                    follow=True,
                )
            self.assertContains(response, "1 enquiry released into the queue")

            sent = {message.to[0]: message for message in mail.outbox}
            self.assertEqual(sorted(sent), ["margaret@example.org", "theranostics@example.org"])
            acknowledgement = sent["margaret@example.org"].body
            self.assertIn(f"Your reference is {enquiry.reference}.", acknowledgement)
            self.assertIn("You sent it at 9am on Tuesday 1 December (UK time).", acknowledgement)
            self.assertIn("We will reply by midday on Wednesday 2 December", acknowledgement)
            notice = sent["theranostics@example.org"].body
            self.assertIn("Received: 9am on Tuesday 1 December (UK time)", notice)
            self.assertIn("Held as suspected spam until: midday on Tuesday 1 December", notice)
            self.assertEqual(
                list(OutboundEmail.objects.values_list("status", flat=True)), ["sent", "sent"]
            )

            # In the queue now, its 24 hours counted from the release.
            queue = self.client.get(CHANGELIST)
            self.assertEqual(references_in(queue), [enquiry.reference])
            self.assertContains(
                queue,
                '<span class="sla-badge sla-badge--on_track">'
                "On track: 1d 0h left, due by midday on Wednesday 2 December</span>",
                html=True,
            )
            page = self.client.get(change_url(enquiry))
        self.assertEqual(shown(page, "received_at"), "1 Dec 2026, 9 a.m.")
        self.assertEqual(shown(page, "released_at"), "1 Dec 2026, noon")
        self.assertEqual(shown(page, "due_at"), "2 Dec 2026, noon")
        self.assertIn(triage.username, shown(page, "released_by"))
        self.assertNotContains(page, "Release into the triage queue")

        enquiry.refresh_from_db()
        self.assertEqual(enquiry.status, Enquiry.Status.NEW)
        self.assertEqual((enquiry.received_at, enquiry.released_at), (RECEIVED, RELEASED))
        self.assertEqual(enquiry.due_at, RELEASED + timedelta(hours=24))
        self.assertEqual(enquiry.held_as_spam_reason, Enquiry.SpamSignal.HONEYPOT)
        self.assertTrue(
            AuditEvent.objects.filter(
                user=triage, action=AuditEvent.Action.RELEASE, reference=enquiry.reference
            ).exists()
        )


@time_machine.travel(RELEASED, tick=False)
class ReleaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.triage = make_triage_user()
        with time_machine.travel(RECEIVED, tick=False):
            cls.held = make_held_enquiry(held_as_spam_reason=Enquiry.SpamSignal.TOO_FAST)
            cls.open = make_enquiry()

    def setUp(self):
        self.client.force_login(self.triage)

    def test_the_enquiry_page_says_why_it_is_held_and_releases_it(self):
        page = self.client.get(change_url(self.held))
        self.assertContains(page, "Sent faster than a person could type it")
        self.assertNotContains(page, "field-due_at")  # no reply is due until it is released
        self.assertContains(page, f'formaction="{release_url(self.held)}"')

        with self.captureOnCommitCallbacks(execute=False):
            response = self.client.post(release_url(self.held), follow=True)
        self.assertRedirects(response, change_url(self.held))
        self.assertContains(
            response,
            f"{self.held.reference} is in the triage queue; the reply is due midday on "
            "Wednesday 2 December (UK time)",
        )
        self.assertEqual(
            sorted(self.held.emails.values_list("kind", flat=True)),
            [EmailKind.ACKNOWLEDGEMENT, EmailKind.CENTRE_NOTIFICATION],
        )

    def test_releasing_twice_sends_the_emails_once(self):
        self.assertTrue(services.enquiry_release_from_spam(enquiry=self.held, by=self.triage))
        again = Enquiry.objects.get(pk=self.held.pk)
        self.assertFalse(services.enquiry_release_from_spam(enquiry=again, by=self.triage))
        response = self.client.post(release_url(self.held), follow=True)
        self.assertContains(
            response, f"{self.held.reference} was not released: it is no longer held"
        )
        self.assertEqual(OutboundEmail.objects.count(), 2)
        self.assertEqual(AuditEvent.objects.filter(action=AuditEvent.Action.RELEASE).count(), 1)

    def test_the_action_leaves_enquiries_that_are_not_held_alone(self):
        response = self.client.post(
            CHANGELIST + "?queue=all",
            {"action": "release_from_spam_hold", "_selected_action": [self.open.pk]},
            follow=True,
        )
        self.assertContains(
            response,
            "1 of those selected was not held as suspected spam (or erased) and left as they were.",
        )
        self.assertEqual(OutboundEmail.objects.count(), 0)
        self.assertEqual(Enquiry.objects.get(pk=self.open.pk).released_at, None)

    def test_only_a_release_takes_an_enquiry_off_hold(self):
        held_page = self.client.get(change_url(self.held))
        self.assertNotContains(held_page, 'name="status"')
        open_page = self.client.get(change_url(self.open))
        self.assertContains(open_page, 'name="status"')
        self.assertNotContains(open_page, '<option value="held"')

    def test_staff_who_may_only_look_cannot_release(self):
        viewer = get_user_model().objects.create_user("viewer", is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_enquiry"))
        self.client.force_login(viewer)
        self.assertNotContains(self.client.get(change_url(self.held)), "Release into")
        self.assertEqual(self.client.post(release_url(self.held)).status_code, 403)
        self.assertEqual(Enquiry.objects.get(pk=self.held.pk).status, Enquiry.Status.HELD)

    def test_an_enquiry_whose_details_were_erased_on_request_is_not_released(self):
        services.enquiries_erase_on_request(email=self.held.email, by=self.triage)
        erased = Enquiry.objects.get(pk=self.held.pk)
        self.assertFalse(services.enquiry_release_from_spam(enquiry=erased, by=self.triage))
        self.assertEqual(OutboundEmail.objects.count(), 0)

    def test_a_first_response_cannot_be_recorded_while_held(self):
        response = self.client.post(
            CHANGELIST + "?queue=held",
            {
                "action": "record_first_response",
                "_selected_action": [self.held.pk],
                "apply": "1",
                "method": "phone",
                "responded_at": "2026-12-01T11:30",
            },
            follow=True,
        )
        self.assertContains(response, f"{self.held.reference} is held as suspected spam")
        self.assertIsNone(Enquiry.objects.get(pk=self.held.pk).first_response_at)


class HeldEnquiriesHaveNoClockTests(TestCase):
    """Held enquiries count nowhere until released; released ones count from release."""

    def test_no_due_soon_or_overdue_alert_while_held(self):
        make_held_enquiry(received_hours_ago=30)
        make_held_enquiry(received_hours_ago=22)
        out = StringIO()
        call_command("check_enquiry_sla", stdout=out)
        self.assertIn("Due soon: 0 alert(s) queued.", out.getvalue())
        self.assertIn("Overdue: 0 alert(s) queued.", out.getvalue())
        self.assertEqual(OutboundEmail.objects.count(), 0)

    @time_machine.travel(datetime(2026, 12, 4, 12, 0, tzinfo=UTC), tick=False)
    def test_the_report_leaves_held_ones_out_and_times_released_ones_from_release(self):
        triage = make_triage_user()
        with time_machine.travel(RECEIVED, tick=False):
            make_held_enquiry()
            released = make_held_enquiry()
        with time_machine.travel(RELEASED, tick=False):
            services.enquiry_release_from_spam(enquiry=released, by=triage)
        services.enquiry_record_first_response(
            enquiry=released, by=triage, at=RELEASED + timedelta(hours=2), method="phone"
        )

        report = reports.sla_report(start=date(2026, 12, 1), end=date(2026, 12, 1))
        self.assertEqual((report.overall.received, report.overall.met), (1, 1))
        self.assertEqual(report.overall.median_response, timedelta(hours=2))
        self.assertEqual(released.sla_summary(), "Met: replied in 2h 0m")


@time_machine.travel(datetime(2026, 12, 31, 2, 0, tzinfo=UTC), tick=False)
class HeldSpamRetentionTests(TestCase):
    def retention(self, *args: str) -> str:
        out = StringIO()
        call_command("apply_enquiry_retention", *args, stdout=out)
        return out.getvalue()

    @classmethod
    def setUpTestData(cls):
        cls.old = make_held_enquiry(received_hours_ago=24 * 30 + 1)
        make_enquiry_note(cls.old, text="Looks like a bot.")
        cls.recent = make_held_enquiry(received_hours_ago=24 * 30 - 1)
        cls.released = make_held_enquiry(received_hours_ago=24 * 40)
        services.enquiry_release_from_spam(enquiry=cls.released, by=make_triage_user())
        cls.open_for_long = make_enquiry(received_hours_ago=24 * 40)

    def test_the_retention_command_deletes_spam_held_for_longer_than_the_setting(self):
        output = self.retention()
        self.assertIn("Deleted 1 enquiry(s) held as suspected spam for more than 30 days.", output)
        self.assertCountEqual(
            Enquiry.objects.values_list("pk", flat=True),
            [self.recent.pk, self.released.pk, self.open_for_long.pk],
        )
        record = ErasureRecord.objects.get()
        self.assertEqual((record.reason, record.enquiries), ("spam_hold", 1))
        self.assertIn("Deleted 0 enquiry(s) held", self.retention())
        self.assertEqual(ErasureRecord.objects.count(), 1)

    def test_dry_run_deletes_nothing(self):
        self.assertIn(
            "Would delete 1 enquiry(s) held as suspected spam", self.retention("--dry-run")
        )
        self.assertEqual(Enquiry.objects.count(), 4)
        self.assertFalse(ErasureRecord.objects.exists())

    @override_settings(ENQUIRY_SPAM_RETENTION_DAYS=60)
    def test_the_number_of_days_is_a_setting(self):
        self.assertIn(
            "Deleted 0 enquiry(s) held as suspected spam for more than 60 days.", self.retention()
        )
        self.assertEqual(Enquiry.objects.count(), 4)
