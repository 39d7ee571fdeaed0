"""How well we kept the response promise over a period: overall, by centre and by week,
with what enquirers said when asked after closing whether we answered their question."""

import csv
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from enquiries.models import Enquiry, SlaState
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


def figures(label: str, enquiries: Iterable[Enquiry], now: datetime) -> Figures:
    states = []
    response_times = []
    asked = 0
    answers = []
    for enquiry in enquiries:
        states.append(enquiry.sla_state(now))
        if enquiry.first_response_at is not None:
            response_times.append(enquiry.first_response_at - enquiry.clock_started_at)
        asked += enquiry.satisfaction_asked_at is not None
        if answer := getattr(enquiry, "satisfaction", None):
            answers.append(answer.answered)
    response_times.sort()
    return Figures(
        label=label,
        received=len(states),
        met=states.count(SlaState.MET),
        breaches=states.count(SlaState.MISSED) + states.count(SlaState.OVERDUE),
        pending=states.count(SlaState.ON_TRACK) + states.count(SlaState.DUE_SOON),
        median_response=statistics.median(response_times) if response_times else None,
        p90_response=nearest_rank_percentile(response_times, 90),
        asked=asked,
        said_yes=answers.count(True),
        said_no=answers.count(False),
    )


def sla_report(*, start: date, end: date, now: datetime | None = None) -> Report:
    """Figures for enquiries received from ``start`` to ``end`` inclusive (UK dates), spam
    and suspected spam aside."""
    now = now or timezone.now()
    enquiries = list(
        Enquiry.objects.exclude(status__in=[Enquiry.Status.SPAM, Enquiry.Status.HELD])
        .filter(
            received_at__gte=datetime.combine(start, time.min, tzinfo=LONDON),
            received_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=LONDON),
        )
        .select_related("centre", "satisfaction")
        .order_by("received_at")
    )
    by_centre = defaultdict(list)
    by_week = defaultdict(list)
    for enquiry in enquiries:
        by_centre[enquiry.centre.name if enquiry.centre else "No preference"].append(enquiry)
        received = enquiry.received_at.astimezone(LONDON).date()
        by_week[received - timedelta(days=received.weekday())].append(enquiry)
    return Report(
        start=start,
        end=end,
        overall=figures("All enquiries", enquiries, now),
        by_centre=[figures(name, rows, now) for name, rows in sorted(by_centre.items())],
        by_week=[
            figures(f"Week of {monday:%a} {monday.day} {monday:%b %Y}", rows, now)
            for monday, rows in sorted(by_week.items())
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
