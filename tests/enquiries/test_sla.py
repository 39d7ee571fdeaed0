from datetime import UTC, datetime, timedelta

import time_machine
from django.test import TestCase

from enquiries.models import Enquiry, SlaState
from genesis_site.uk_time import friendly_time
from tests.factories import make_enquiry

RECEIVED = datetime(2026, 12, 1, 15, 15, tzinfo=UTC)  # 3:15pm on Tuesday 1 December (GMT)


class SlaClockTests(TestCase):
    """The 24-hour promise, checked at its edges with a frozen clock."""

    def at(self, **elapsed):
        return RECEIVED + timedelta(**elapsed)

    def sla_state_at(self, enquiry, **elapsed):
        """The state with the clock frozen, checked against the queryset for that state."""
        with time_machine.travel(self.at(**elapsed), tick=False):
            state = enquiry.sla_state()
            self.assertQuerySetEqual(Enquiry.objects.in_sla_state(state), [enquiry])
        return state

    def test_due_24_hours_after_it_arrives(self):
        enquiry = make_enquiry(received_at=RECEIVED)
        self.assertEqual(enquiry.due_at, self.at(hours=24))

    def test_on_track_until_four_hours_are_left(self):
        enquiry = make_enquiry(received_at=RECEIVED)
        self.assertEqual(self.sla_state_at(enquiry, hours=19, minutes=59), SlaState.ON_TRACK)
        self.assertEqual(self.sla_state_at(enquiry, hours=20), SlaState.DUE_SOON)

    def test_at_23h59m_it_is_due_soon_not_overdue(self):
        enquiry = make_enquiry(received_at=RECEIVED)
        self.assertEqual(self.sla_state_at(enquiry, hours=23, minutes=59), SlaState.DUE_SOON)
        with time_machine.travel(self.at(hours=23, minutes=59), tick=False):
            self.assertEqual(
                enquiry.sla_summary(), "Due soon: 1m left, due by 3:15pm on Wednesday 2 December"
            )

    def test_at_24h00m_it_is_still_due_and_one_second_later_overdue(self):
        enquiry = make_enquiry(received_at=RECEIVED)
        self.assertEqual(self.sla_state_at(enquiry, hours=24), SlaState.DUE_SOON)
        self.assertEqual(self.sla_state_at(enquiry, hours=24, seconds=1), SlaState.OVERDUE)
        self.assertEqual(enquiry.sla_summary(self.at(hours=26, minutes=5)), "Overdue by 2h 5m")

    def test_a_reply_at_24h00m_meets_the_promise(self):
        enquiry = make_enquiry(
            received_at=RECEIVED, first_response_at=self.at(hours=24), first_response_method="phone"
        )
        self.assertEqual(self.sla_state_at(enquiry, days=3), SlaState.MET)

    def test_a_reply_at_24h01m_misses_it_and_stays_missed(self):
        enquiry = make_enquiry(
            received_at=RECEIVED,
            first_response_at=self.at(hours=24, minutes=1),
            first_response_method="email",
        )
        self.assertEqual(self.sla_state_at(enquiry, hours=25), SlaState.MISSED)
        self.assertEqual(self.sla_state_at(enquiry, days=30), SlaState.MISSED)
        self.assertEqual(enquiry.sla_summary(), "Missed: replied 1m late")

    def test_a_reply_stops_the_clock(self):
        enquiry = make_enquiry(
            received_at=RECEIVED,
            first_response_at=self.at(hours=2, minutes=10),
            first_response_method="phone",
        )
        self.assertEqual(self.sla_state_at(enquiry, days=2), SlaState.MET)
        self.assertEqual(enquiry.sla_summary(), "Met: replied in 2h 10m")

    def test_spam_and_closed_enquiries_without_a_reply_need_none(self):
        for status in (Enquiry.Status.SPAM, Enquiry.Status.CLOSED):
            with self.subTest(status=status):
                enquiry = make_enquiry(received_at=RECEIVED, status=status)
                self.assertEqual(enquiry.sla_state(self.at(days=2)), SlaState.NOT_NEEDED)

    def test_reply_by_time_is_written_in_uk_time(self):
        self.assertEqual(friendly_time(self.at(hours=24)), "3:15pm on Wednesday 2 December")
        self.assertEqual(
            friendly_time(datetime(2026, 6, 5, 11, 0, tzinfo=UTC)), "midday on Friday 5 June"
        )
        self.assertEqual(
            friendly_time(datetime(2026, 6, 5, 8, 0, tzinfo=UTC)), "9am on Friday 5 June"
        )


class ClockChangeTests(TestCase):
    """24 hours means 24 real hours, so the UK reply-by time moves with the clocks."""

    def test_across_the_march_change_the_reply_is_due_an_hour_later_on_the_clock(self):
        # Saturday 28 March 2026, 10am GMT; the clocks go forward at 1am on Sunday.
        received = datetime(2026, 3, 28, 10, 0, tzinfo=UTC)
        enquiry = make_enquiry(received_at=received)
        self.assertEqual(enquiry.due_at - enquiry.received_at, timedelta(hours=24))
        self.assertEqual(friendly_time(enquiry.due_at), "11am on Sunday 29 March")
        self.assertEqual(enquiry.sla_state(received + timedelta(hours=23, minutes=59)), "due_soon")
        self.assertEqual(enquiry.sla_state(received + timedelta(hours=24, minutes=1)), "overdue")

    def test_across_the_october_change_the_reply_is_due_an_hour_earlier_on_the_clock(self):
        # Saturday 24 October 2026, 10am BST; the clocks go back at 2am on Sunday.
        received = datetime(2026, 10, 24, 9, 0, tzinfo=UTC)
        enquiry = make_enquiry(received_at=received)
        self.assertEqual(enquiry.due_at - enquiry.received_at, timedelta(hours=24))
        self.assertEqual(friendly_time(enquiry.received_at), "10am on Saturday 24 October")
        self.assertEqual(friendly_time(enquiry.due_at), "9am on Sunday 25 October")
        self.assertEqual(enquiry.sla_state(received + timedelta(hours=23, minutes=59)), "due_soon")
        self.assertEqual(enquiry.sla_state(received + timedelta(hours=24, minutes=1)), "overdue")


class ReferenceTests(TestCase):
    def test_str_is_the_reference_only(self):
        enquiry = make_enquiry(full_name="Margaret Hughes")
        self.assertRegex(str(enquiry), r"^ENQ-[2-9A-HJKMNP-Z]{6}$")
        self.assertEqual(str(enquiry), enquiry.reference)

    def test_references_are_unique(self):
        references = {make_enquiry().reference for _ in range(20)}
        self.assertEqual(len(references), 20)
