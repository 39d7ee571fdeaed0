"""How the reply promise is counted: in clock hours, or in working hours on the clinic's calendar.

Clock hours run day and night, so a 24-hour promise made at 4:37am falls due at 4:37am,
when nobody is there. Working hours count only while the triage team is open (its weekly
hours, less the bank holidays of its UK nation and any closure days), so the promise
always falls due at a time the team is working: eight working hours from Friday 6:30pm,
with a team open 9am to 5pm on weekdays, end at 5pm on Monday.

Times are counted on the London wall clock (9am is 9am on both sides of a clock change)
and returned in UTC. ResponsePolicy (models.py) builds one of these from what the clinic
sets in the admin.
"""

from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from genesis_site.uk_time import LONDON, clock

# How far ahead working time is looked for: past this, the calendar has no open hours
# (every day closed), and the caller falls back to clock hours.
LOOKAHEAD_DAYS = 366

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class NoWorkingTime(Exception):
    """The calendar has no open hours in the next LOOKAHEAD_DAYS."""


class ClockHours:
    """Every hour counts, day and night: the promise as it always was."""

    def add(self, start: datetime, duration: timedelta) -> datetime:
        return start + duration


@dataclass(frozen=True)
class WorkingHours:
    """Only the team's opening hours count.

    ``weekly`` maps each working weekday (Monday is 0) to its opening and closing times
    on the same day; ``closed`` holds the dates the team does not work at all (bank
    holidays, closure days).
    """

    weekly: Mapping[int, tuple[time, time]]
    closed: Container[date]

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment ``duration`` of working time after ``start``.

        A zero duration gives ``start`` if the team is working then, else the moment it
        next opens. Raises NoWorkingTime if the calendar has no open hours ahead.
        """
        remaining = duration
        for opens, closes in self.open_spans(start):
            if remaining <= closes - opens:
                return opens + remaining
            remaining -= closes - opens
        raise NoWorkingTime

    def open_spans(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Each stretch of working time from ``start`` on, in UTC, in order."""
        start = start.astimezone(UTC)
        first_day = start.astimezone(LONDON).date()
        for offset in range(LOOKAHEAD_DAYS):
            day = first_day + timedelta(days=offset)
            if day in self.closed or day.weekday() not in self.weekly:
                continue
            opens, closes = (
                datetime.combine(day, moment, tzinfo=LONDON).astimezone(UTC)
                for moment in self.weekly[day.weekday()]
            )
            if closes > start:
                yield max(opens, start), closes


def describe_week(weekly: Mapping[int, tuple[time, time]]) -> str:
    """The weekly hours as people say them: "Monday to Friday, 9am to 5pm"."""
    runs: list[tuple[int, int, tuple[time, time]]] = []
    for weekday in sorted(weekly):
        hours = weekly[weekday]
        if runs and runs[-1][1] == weekday - 1 and runs[-1][2] == hours:
            runs[-1] = (runs[-1][0], weekday, hours)
        else:
            runs.append((weekday, weekday, hours))
    parts = []
    for first, last, (opens, closes) in runs:
        days = WEEKDAY_NAMES[first]
        if last > first:
            joiner = " and " if last == first + 1 else " to "
            days += joiner + WEEKDAY_NAMES[last]
        parts.append(f"{days}, {clock(opens)} to {clock(closes)}")
    return "; ".join(parts)
