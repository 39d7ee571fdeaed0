"""The reply promise counted as the clinic's response policy says: clock or working hours."""

from datetime import UTC, date, datetime, time, timedelta

import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import TestCase, override_settings
from django.urls import reverse

from enquiries import reports, services
from enquiries.models import ClosureDay, Enquiry, ResponsePolicy, SlaState
from enquiries.policy import describe_week
from genesis_site.uk_time import friendly_time
from tests.enquiries.support import form_data, immediate_tasks, make_response_policy
from tests.factories import make_enquiry, make_superuser

FRIDAY_EVENING = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)  # 6:30pm GMT, Friday 4 December
MONDAY_5PM = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
# Monday 31 August 2026 is the late summer bank holiday in England and Wales, not Scotland.
FRIDAY_BEFORE_BANK_HOLIDAY = datetime(2026, 8, 28, 17, 30, tzinfo=UTC)  # 6:30pm BST
CHANGELIST = reverse("admin:enquiries_enquiry_changelist")


class WorkingHoursTests(TestCase):
    def test_friday_evening_with_8_working_hours_is_due_at_5pm_on_monday(self):
        make_response_policy()
        enquiry = make_enquiry(received_at=FRIDAY_EVENING)
        self.assertEqual(enquiry.due_at, MONDAY_5PM)
        self.assertEqual(friendly_time(enquiry.due_at), "5pm on Monday 7 December")

    def test_hours_count_from_arrival_inside_working_hours(self):
        make_response_policy()
        tuesday_3pm = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
        self.assertEqual(
            make_enquiry(received_at=tuesday_3pm).due_at, tuesday_3pm + timedelta(days=1)
        )

    def test_before_opening_the_clock_starts_when_the_team_does(self):
        make_response_policy(hours=2)
        monday_6am = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
        self.assertEqual(
            make_enquiry(received_at=monday_6am).due_at, datetime(2026, 12, 7, 11, 0, tzinfo=UTC)
        )

    def test_a_bank_holiday_monday_moves_it_to_tuesday(self):
        make_response_policy()
        enquiry = make_enquiry(received_at=FRIDAY_BEFORE_BANK_HOLIDAY)
        self.assertEqual(friendly_time(enquiry.due_at), "5pm on Tuesday 1 September")

    def test_bank_holidays_are_those_of_the_chosen_nation(self):
        make_response_policy(nation=ResponsePolicy.Nation.SCOTLAND)
        enquiry = make_enquiry(received_at=FRIDAY_BEFORE_BANK_HOLIDAY)
        self.assertEqual(friendly_time(enquiry.due_at), "5pm on Monday 31 August")

    def test_closure_days_are_skipped_too(self):
        make_response_policy(closures=[date(2026, 12, 7), date(2026, 12, 8)])
        enquiry = make_enquiry(received_at=FRIDAY_EVENING)
        self.assertEqual(friendly_time(enquiry.due_at), "5pm on Wednesday 9 December")

    def test_working_hours_keep_to_the_wall_clock_across_the_clocks_going_back(self):
        make_response_policy()
        # Friday 23 October 2026, 6:30pm BST; the clocks go back on Sunday.
        enquiry = make_enquiry(received_at=datetime(2026, 10, 23, 17, 30, tzinfo=UTC))
        self.assertEqual(enquiry.due_at, datetime(2026, 10, 26, 17, 0, tzinfo=UTC))
        self.assertEqual(friendly_time(enquiry.due_at), "5pm on Monday 26 October")

    def test_a_calendar_without_working_hours_promises_clock_hours_and_says_so(self):
        make_response_policy(weekdays=[])
        with self.assertLogs("enquiries.models", "ERROR") as logs:
            enquiry = make_enquiry(received_at=FRIDAY_EVENING)
        self.assertEqual(enquiry.due_at, FRIDAY_EVENING + timedelta(hours=8))
        self.assertIn("no working hours", logs.output[0])

    def test_a_policy_changed_later_leaves_the_promise_already_made(self):
        policy = make_response_policy()
        enquiry = make_enquiry(received_at=FRIDAY_EVENING)
        policy.counting = ResponsePolicy.Counting.CLOCK
        policy.save()
        enquiry.status = Enquiry.Status.IN_PROGRESS
        enquiry.save()
        enquiry.refresh_from_db()
        self.assertEqual(enquiry.due_at, MONDAY_5PM)

    def test_the_week_in_words(self):
        nine_to_five = (time(9), time(17))
        self.assertEqual(
            describe_week(dict.fromkeys(range(5), nine_to_five)), "Monday to Friday, 9am to 5pm"
        )
        self.assertEqual(
            describe_week({0: nine_to_five, 1: nine_to_five, 5: (time(10), time(12, 30))}),
            "Monday and Tuesday, 9am to 5pm; Saturday, 10am to 12:30pm",
        )


class ClockHoursTests(TestCase):
    def test_without_a_saved_policy_the_promise_is_the_setting_in_clock_hours(self):
        with override_settings(ENQUIRY_RESPONSE_HOURS=48):
            enquiry = make_enquiry(received_at=FRIDAY_EVENING)
        self.assertEqual(enquiry.due_at, FRIDAY_EVENING + timedelta(hours=48))

    def test_a_clock_hours_policy_counts_every_hour(self):
        make_response_policy(counting=ResponsePolicy.Counting.CLOCK, hours=24)
        enquiry = make_enquiry(received_at=FRIDAY_EVENING)
        self.assertEqual(friendly_time(enquiry.due_at), "6:30pm on Saturday 5 December")
        self.assertEqual(enquiry.due_soon_at, FRIDAY_EVENING + timedelta(hours=20))


class SlaFollowsThePolicyTests(TestCase):
    """Due soon is the last ENQUIRY_DUE_SOON_HOURS (4) working hours; overdue after 5pm."""

    @classmethod
    def setUpTestData(cls):
        make_response_policy()
        cls.enquiry = make_enquiry(received_at=FRIDAY_EVENING)

    def state_at(self, moment: datetime) -> SlaState:
        """The state with the clock frozen, checked against the queryset for that state."""
        with time_machine.travel(moment, tick=False):
            state = self.enquiry.sla_state()
            self.assertQuerySetEqual(Enquiry.objects.in_sla_state(state), [self.enquiry])
        return state

    def test_on_track_all_weekend_and_until_four_working_hours_are_left(self):
        self.assertEqual(self.state_at(datetime(2026, 12, 6, 23, 0, tzinfo=UTC)), "on_track")
        self.assertEqual(self.state_at(datetime(2026, 12, 7, 12, 59, tzinfo=UTC)), "on_track")
        self.assertEqual(self.state_at(datetime(2026, 12, 7, 13, 0, tzinfo=UTC)), "due_soon")

    def test_due_soon_until_5pm_then_overdue(self):
        self.assertEqual(self.state_at(MONDAY_5PM), "due_soon")
        self.assertEqual(self.state_at(MONDAY_5PM + timedelta(seconds=1)), "overdue")

    def test_the_due_soon_alert_waits_for_the_working_day(self):
        saturday = services.sla_alerts_queue(now=datetime(2026, 12, 5, 10, 0, tzinfo=UTC))
        self.assertEqual(saturday.due_soon, [])
        monday = services.sla_alerts_queue(now=datetime(2026, 12, 7, 13, 30, tzinfo=UTC))
        self.assertEqual(monday.due_soon, [self.enquiry.reference])

    def test_a_reply_on_monday_afternoon_meets_the_promise_in_the_report(self):
        Enquiry.objects.filter(pk=self.enquiry.pk).update(
            first_response_at=datetime(2026, 12, 7, 16, 0, tzinfo=UTC),
            first_response_method="phone",
            status=Enquiry.Status.RESPONDED,
        )
        report = reports.sla_report(
            start=date(2026, 12, 1), end=date(2026, 12, 7), now=datetime(2026, 12, 8, tzinfo=UTC)
        )
        self.assertEqual((report.overall.met, report.overall.breaches), (1, 0))

    def test_the_queue_badge_names_the_reply_by_time(self):
        self.client.force_login(make_superuser())
        with time_machine.travel(datetime(2026, 12, 7, 14, 0, tzinfo=UTC), tick=False):
            response = self.client.get(CHANGELIST)
        self.assertContains(
            response,
            '<span class="sla-badge sla-badge--due_soon">'
            "Due soon: 3h 0m left, due by 5pm on Monday 7 December</span>",
            html=True,
        )


@immediate_tasks
class PatientSeesTheWorkingHoursPromiseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_response_policy()

    def test_form_page_states_the_promise_in_working_hours(self):
        response = self.client.get(reverse("enquiries:create"))
        self.assertContains(
            response,
            "We reply within 8 working hours (Monday to Friday, 9am to 5pm, except bank "
            "holidays), by phone or email.",
        )

    def test_sent_on_friday_evening_the_confirmation_and_emails_say_monday(self):
        with (
            time_machine.travel(FRIDAY_EVENING, tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(reverse("enquiries:create"), form_data(), follow=True)
        self.assertContains(response, "We will reply by 5pm on Monday 7 December (UK time).")
        sent = {message.to[0]: message.body for message in mail.outbox}
        self.assertIn(
            "We will reply by 5pm on Monday 7 December (UK time).", sent["margaret@example.org"]
        )
        self.assertIn(
            "Reply due by: 5pm on Monday 7 December (UK time)", sent["theranostics@example.org"]
        )


class ResponsePolicyAdminTests(TestCase):
    URL = reverse("admin:enquiries_responsepolicy_changelist")

    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_superuser()

    def setUp(self):
        self.client.force_login(self.superuser)

    def post_policy(self, url, *, weekdays, counting="working"):
        data = {
            "counting": counting,
            "hours": "8",
            "nation": "ENG",
            "team_hours-TOTAL_FORMS": str(len(weekdays)),
            "team_hours-INITIAL_FORMS": "0",
            "closures-TOTAL_FORMS": "1",
            "closures-INITIAL_FORMS": "0",
            "closures-0-date": "2026-12-29",
            "closures-0-reason": "Christmas closure",
        }
        for n, weekday in enumerate(weekdays):
            data |= {
                f"team_hours-{n}-weekday": str(weekday),
                f"team_hours-{n}-opens": "09:00",
                f"team_hours-{n}-closes": "17:00",
            }
        return self.client.post(url, data, follow=True)

    def test_the_list_opens_the_add_form_until_there_is_a_policy(self):
        self.assertRedirects(
            self.client.get(self.URL), reverse("admin:enquiries_responsepolicy_add")
        )

    def test_clinic_sets_working_hours_and_the_list_then_opens_the_one_policy(self):
        response = self.post_policy(
            reverse("admin:enquiries_responsepolicy_add"), weekdays=range(5)
        )
        self.assertContains(response, "was added successfully")
        policy = ResponsePolicy.current()
        self.assertEqual(policy.promise, "8 working hours")
        self.assertEqual(policy.hours_worked, "Monday to Friday, 9am to 5pm, except bank holidays")
        self.assertQuerySetEqual(
            ClosureDay.objects.values_list("reason", flat=True), ["Christmas closure"]
        )
        self.assertRedirects(
            self.client.get(self.URL),
            reverse("admin:enquiries_responsepolicy_change", args=[policy.pk]),
        )
        # One policy: no second one, and it cannot be deleted.
        self.assertEqual(
            self.client.get(reverse("admin:enquiries_responsepolicy_add")).status_code, 403
        )
        delete = reverse("admin:enquiries_responsepolicy_delete", args=[policy.pk])
        self.assertEqual(self.client.get(delete).status_code, 403)

    def test_working_hours_without_any_working_day_are_refused_with_a_reason(self):
        response = self.post_policy(reverse("admin:enquiries_responsepolicy_add"), weekdays=[])
        self.assertContains(response, "Working hours need at least one day with working hours")
        self.assertFalse(ResponsePolicy.objects.exists())

    def test_a_finishing_time_before_the_start_is_refused(self):
        data = {
            "counting": "working",
            "hours": "8",
            "nation": "ENG",
            "team_hours-TOTAL_FORMS": "1",
            "team_hours-INITIAL_FORMS": "0",
            "team_hours-0-weekday": "0",
            "team_hours-0-opens": "17:00",
            "team_hours-0-closes": "09:00",
            "closures-TOTAL_FORMS": "0",
            "closures-INITIAL_FORMS": "0",
        }
        response = self.client.post(reverse("admin:enquiries_responsepolicy_add"), data)
        self.assertContains(response, "The finishing time must be after the starting time")
        self.assertFalse(ResponsePolicy.objects.exists())


class EveryPageStatesThePolicysPromiseTests(TestCase):
    """The footer and the home page say what the policy promises, never a fixed 24 hours."""

    def test_footer_and_home_page_state_the_working_hours_promise(self):
        make_response_policy()
        home = self.client.get(reverse("pages:home"))
        self.assertContains(home, "Send us an enquiry and we will reply within 8 working hours.")
        centres = self.client.get(reverse("centres:list"))
        self.assertContains(centres, "</a>: we reply within 8 working hours.</p>", html=False)
        self.assertNotContains(centres, "24 hours")

    def test_without_a_saved_policy_the_promise_is_the_settings_clock_hours(self):
        with self.settings(ENQUIRY_RESPONSE_HOURS=48):
            home = self.client.get(reverse("pages:home"))
        self.assertContains(home, "we will reply within 48 hours.")

    @override_settings(PAGE_CACHE_SECONDS=60)
    def test_a_new_policy_shows_at_once_on_cached_pages(self):
        cache.clear()
        home = reverse("pages:home")
        self.assertContains(self.client.get(home), "we will reply within 24 hours.")
        with self.captureOnCommitCallbacks(execute=True):
            make_response_policy(hours=16)
        self.assertContains(self.client.get(home), "we will reply within 16 working hours.")

    def test_error_pages_name_no_promise_as_they_read_no_database(self):
        html = render_to_string("500.html", {"clinic": settings.CLINIC})
        self.assertIn("Send us an enquiry</a>.</p>", html)
        self.assertNotIn("reply within", html)
