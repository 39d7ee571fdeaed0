"""Who enquiries go to: only triage staff are offered, and the round robin shares them out."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from enquiries import services
from enquiries.models import Enquiry, TriageStaff
from tests.enquiries.support import form_data, immediate_tasks, make_response_policy
from tests.factories import make_enquiry, make_superuser, make_triage_user, make_user

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def assignee_options(response) -> list[str]:
    """The people offered in the enquiry page's assignee list."""
    select = re.search(r'<select name="assignee".*?</select>', response.text, re.DOTALL).group()
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


class AssigneeListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_superuser(username="admin")
        cls.alice = make_triage_user(username="alice")
        cls.gone = make_triage_user(username="gone", is_active=False)
        cls.editor = make_user(username="editor", is_staff=True)
        cls.enquiry = make_enquiry()

    def setUp(self):
        self.client.force_login(self.superuser)

    def test_only_active_triage_staff_are_offered(self):
        response = self.client.get(
            reverse("admin:enquiries_enquiry_change", args=[self.enquiry.pk])
        )
        self.assertEqual(assignee_options(response), ["alice"])

    def test_an_assignee_who_has_left_triage_stays_offered_on_their_enquiries(self):
        Enquiry.objects.filter(pk=self.enquiry.pk).update(assignee=self.editor)
        url = reverse("admin:enquiries_enquiry_change", args=[self.enquiry.pk])
        self.assertCountEqual(assignee_options(self.client.get(url)), ["alice", "editor"])
        # ...so saving it unchanged still works.
        response = self.client.post(
            url,
            {
                "status": "in_progress",
                "assignee": self.editor.pk,
                "notes-TOTAL_FORMS": "0",
                "notes-INITIAL_FORMS": "0",
                "emails-TOTAL_FORMS": "0",
                "emails-INITIAL_FORMS": "0",
            },
        )
        self.assertRedirects(response, reverse("admin:enquiries_enquiry_changelist"))

    def test_someone_outside_triage_cannot_be_given_an_enquiry(self):
        url = reverse("admin:enquiries_enquiry_change", args=[self.enquiry.pk])
        response = self.client.post(
            url,
            {
                "status": "new",
                "assignee": self.editor.pk,
                "notes-TOTAL_FORMS": "0",
                "notes-INITIAL_FORMS": "0",
                "emails-TOTAL_FORMS": "0",
                "emails-INITIAL_FORMS": "0",
            },
        )
        self.assertContains(response, "Select a valid choice")
        self.enquiry.refresh_from_db()
        self.assertIsNone(self.enquiry.assignee)


@immediate_tasks
@time_machine.travel(NOW, tick=False)
class RoundRobinTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.policy = make_response_policy(round_robin=True)
        cls.alice = make_triage_user(username="alice", first_name="Alice", last_name="Ng")
        cls.bob = make_triage_user(username="bob")
        cls.away = make_triage_user(username="away")
        cls.left = make_triage_user(username="left", is_active=False)
        for user in (cls.alice, cls.bob, cls.left):
            TriageStaff.objects.create(user=user)
        TriageStaff.objects.create(user=cls.away, available=False)

    def submit(self) -> Enquiry:
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("enquiries:create"), form_data())
        return Enquiry.objects.latest("pk")

    def assignees_of_new_enquiries(self, count: int) -> list[str]:
        assignees = []
        for minutes in range(count):
            with time_machine.travel(NOW + timedelta(minutes=minutes), tick=False):
                assignees.append(self.submit().assignee.username)
        return assignees

    def test_new_enquiries_go_in_turn_to_available_triage_staff(self):
        self.assertEqual(self.assignees_of_new_enquiries(4), ["alice", "bob", "alice", "bob"])

    def test_whoever_was_given_one_least_recently_goes_first(self):
        TriageStaff.objects.filter(user=self.alice).update(
            last_assigned_at=NOW - timedelta(hours=1)
        )
        TriageStaff.objects.filter(user=self.bob).update(last_assigned_at=NOW - timedelta(hours=2))
        self.assertEqual(self.assignees_of_new_enquiries(2), ["bob", "alice"])

    def test_taking_an_enquiry_by_hand_counts_as_a_turn(self):
        self.client.force_login(self.alice)
        self.client.post(
            reverse("admin:enquiries_enquiry_changelist"),
            {"action": "assign_to_me", "_selected_action": [make_enquiry().pk]},
        )
        self.client.logout()
        with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
            self.assertEqual(self.submit().assignee, self.bob)

    def test_an_enquiry_released_from_the_spam_hold_takes_its_turn_too(self):
        held = make_enquiry(
            status=Enquiry.Status.HELD, held_as_spam_reason=Enquiry.SpamSignal.HONEYPOT
        )
        self.assertIsNone(held.assignee)
        with time_machine.travel(NOW, tick=False), self.captureOnCommitCallbacks(execute=True):
            services.enquiry_release_from_spam(enquiry=held, by=self.bob)
        held.refresh_from_db()
        self.assertEqual(held.assignee, self.alice)
        notice = next(m for m in mail.outbox if m.to == ["theranostics@example.org"])
        self.assertIn("Assigned to: Alice Ng\n", notice.body)
        with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
            self.assertEqual(self.submit().assignee, self.bob)

    def test_nobody_available_leaves_it_unassigned(self):
        TriageStaff.objects.update(available=False)
        self.assertIsNone(self.submit().assignee)

    def test_off_unless_the_policy_shares_enquiries_out(self):
        self.policy.round_robin = False
        self.policy.save()
        self.assertIsNone(self.submit().assignee)

    def test_the_new_enquiry_notice_says_who_has_it(self):
        self.submit()
        notice = next(m for m in mail.outbox if m.to == ["theranostics@example.org"])
        self.assertIn("Assigned to: Alice Ng\n", notice.body)

    def test_availability_is_ticked_on_and_off_in_the_admin(self):
        self.client.force_login(make_superuser())
        url = reverse("admin:enquiries_triagestaff_changelist")
        response = self.client.get(url)
        self.assertContains(response, "Taking new enquiries")
        rows = list(TriageStaff.objects.order_by("user__username"))
        data = {
            "form-TOTAL_FORMS": str(len(rows)),
            "form-INITIAL_FORMS": str(len(rows)),
            "_save": "Save",
        }
        for n, row in enumerate(rows):
            data[f"form-{n}-id"] = str(row.pk)
            if row.user != self.alice:  # untick Alice, tick everyone else
                data[f"form-{n}-available"] = "on"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(self.assignees_of_new_enquiries(2), ["bob", "away"])
