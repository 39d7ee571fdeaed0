"""How well we kept the response promise over a period: overall, by centre and by week,
with what enquirers said when asked after closing whether we answered their question."""

import csv
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.utils import timezone

from enquiries.models import Enquiry, SlaState, sla_state
from genesis_site.spreadsheet import formula_safe
from genesis_site.uk_time import LONDON


@dataclass(frozen=True)
class Figures:
    """SLA figures for one group of enquiries.

    "Within promise" is out of the enquiries whose outcome is known: answered, or not
    answered and already overdue. Those still inside their window are "pending".
    """

    label: str
    received: int
    met: int
    breaches: int
    pending: int
    median_response: timedelta | None
    p90_response: timedelta | None
    # "Did we answer your question?", asked once after closing.
    asked: int
    said_yes: int
    said_no: int

    @property
    def percent_within_promise(self) -> float | None:
        decided = self.met + self.breaches
        return 100 * self.met / decided if decided else None


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    overall: Figures
    by_centre: list[Figures]
    by_week: list[Figures]

    @property
    def sections(self) -> list[tuple[str, list[Figures]]]:
        return [
            ("Overall", [self.overall]),
            ("By centre", self.by_centre),
            ("By week (weeks start on Monday)", self.by_week),
        ]


def nearest_rank_percentile(sorted_values: list[timedelta], percent: int) -> timedelta | None:
    if not sorted_values:
        return None
    rank = math.ceil(percent / 100 * len(sorted_values))
    return sorted_values[max(rank, 1) - 1]


class Outcome(NamedTuple):
    """One enquiry's place against the promise, how long its first reply took, and its
    answer to "Did we answer your question?" (None if not asked or not answered)."""

    state: SlaState
    response: timedelta | None
    asked: bool
    answered: bool | None


def figures(label: str, outcomes: list[Outcome]) -> Figures:
    states = [outcome.state for outcome in outcomes]
    response_times = sorted(
        outcome.response for outcome in outcomes if outcome.response is not None
    )
    answers = [outcome.answered for outcome in outcomes]
    return Figures(
        label=label,
        received=len(states),
        met=states.count(SlaState.MET),
        breaches=states.count(SlaState.MISSED) + states.count(SlaState.OVERDUE),
        pending=states.count(SlaState.ON_TRACK) + states.count(SlaState.DUE_SOON),
        median_response=statistics.median(response_times) if response_times else None,
        p90_response=nearest_rank_percentile(response_times, 90),
        asked=sum(outcome.asked for outcome in outcomes),
        said_yes=answers.count(True),
        said_no=answers.count(False),
    )


def sla_report(*, start: date, end: date, now: datetime | None = None) -> Report:
    """Figures for enquiries received from ``start`` to ``end`` inclusive (UK dates), spam
    and suspected spam aside.

    A year can hold tens of thousands of enquiries: they are read as plain rows of the
    few columns the figures need, each judged once, never made into Enquiry objects.
    """
    now = now or timezone.now()
    rows = (
        Enquiry.objects.exclude(status__in=[Enquiry.Status.SPAM, Enquiry.Status.HELD])
        .filter(
            received_at__gte=datetime.combine(start, time.min, tzinfo=LONDON),
            received_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=LONDON),
        )
        .order_by("received_at")
        .values_list(
            "status",
            "received_at",
            "released_at",
            "due_at",
            "due_soon_at",
            "first_response_at",
            "centre__name",
            "satisfaction_asked_at",
            "satisfaction__answered",
        )
    )
    overall, by_centre, by_week = [], defaultdict(list), defaultdict(list)
    for (
        status,
        received_at,
        released_at,
        due_at,
        due_soon_at,
        first_response_at,
        centre,
        asked_at,
        answered,
    ) in rows:
        outcome = Outcome(
            state=sla_state(
                status=status,
                due_at=due_at,
                due_soon_at=due_soon_at,
                first_response_at=first_response_at,
                now=now,
            ),
            # The clock starts on arrival, or on release from the spam hold.
            response=None
            if first_response_at is None
            else first_response_at - (released_at or received_at),
            asked=asked_at is not None,
            answered=answered,
        )
        overall.append(outcome)
        by_centre[centre or "No preference"].append(outcome)
        received = received_at.astimezone(LONDON).date()
        by_week[received - timedelta(days=received.weekday())].append(outcome)
    return Report(
        start=start,
        end=end,
        overall=figures("All enquiries", overall),
        by_centre=[figures(name, outcomes) for name, outcomes in sorted(by_centre.items())],
        by_week=[
            figures(f"Week of {monday:%a} {monday.day} {monday:%b %Y}", outcomes)
            for monday, outcomes in sorted(by_week.items())
        ],
    )


def hours(value: timedelta | None) -> str:
    return "" if value is None else f"{value.total_seconds() / 3600:.1f}"


def write_csv(report: Report, out) -> None:
    writer = csv.writer(out)
    writer.writerow(
        [
            "Group",
            "Label",
            "Received",
            "Answered within promise",
            "Breaches",
            "Pending",
            "% within promise",
            "Median first response (hours)",
            "90th percentile first response (hours)",
            "Asked if we answered",
            "Said yes",
            "Said no",
        ]
    )
    for group, rows in report.sections:
        for row in rows:
            percent = row.percent_within_promise
            writer.writerow(
                [
                    group,
                    formula_safe(row.label),
                    row.received,
                    row.met,
                    row.breaches,
                    row.pending,
                    "" if percent is None else f"{percent:.0f}",
                    hours(row.median_response),
                    hours(row.p90_response),
                    row.asked,
                    row.said_yes,
                    row.said_no,
                ]
            )
