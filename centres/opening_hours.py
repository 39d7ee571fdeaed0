"""Whether a centre is open, worked out on the wall clock in London.

Opening hours are what a patient reads on the door, so every comparison is made on
local wall-clock times in Europe/London, never on a fixed UTC offset: 9am is 9am on
both sides of a clock change. A closing time at or before the opening time means the
session runs past midnight into the next day. A dated exception (a bank holiday, a
closure, special hours) replaces the usual hours of the session that starts that day.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from genesis_site.uk_time import london_now

# How far ahead "opens Monday at 8am" looks; the list pages prefetch this many days.
LOOKAHEAD_DAYS = 7


@dataclass(frozen=True)
class Session:
    opens: time
    closes: time

    @property
    def runs_past_midnight(self) -> bool:
        return self.closes <= self.opens

    def span(self, day: date) -> tuple[datetime, datetime]:
        """Start and end of this session on ``day`` as naive London wall-clock times."""
        end_day = day + timedelta(days=1) if self.runs_past_midnight else day
        return datetime.combine(day, self.opens), datetime.combine(end_day, self.closes)


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    today: date
    # When the centre next closes (if open) or opens (if closed), on the London wall
    # clock; None when that is more than LOOKAHEAD_DAYS away.
    changes_at: datetime | None

    @property
    def change_day(self) -> str:
        """``today``, ``tomorrow`` or the weekday name, for "Opens tomorrow at 8am"."""
        if self.changes_at is None:
            return ""
        # Midnight ends the day before: "closes today at midnight", not "tomorrow".
        day = (self.changes_at - timedelta(microseconds=1)).date()
        days_ahead = (day - self.today).days
        if days_ahead == 0:
            return "today"
        if days_ahead == 1:
            return "tomorrow"
        return f"{day:%A}"


def session_on(
    day: date,
    weekly: Mapping[int, Session | None],
    exceptions: Mapping[date, Session | None],
) -> Session | None:
    """The session starting on ``day``: its exception if it has one, else the usual hours."""
    if day in exceptions:
        return exceptions[day]
    return weekly.get(day.weekday())


def opening_status(
    weekly: Mapping[int, Session | None],
    exceptions: Mapping[date, Session | None],
    now: datetime | None = None,
) -> OpeningStatus:
    local = london_now(now)
    wall_clock = local.replace(tzinfo=None)
    today = local.date()
    spans = []
    # Yesterday too: its session may run past midnight into today.
    for offset in range(-1, LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        if session := session_on(day, weekly, exceptions):
            start, end = session.span(day)
            # Back-to-back sessions (open until midnight, then from midnight) are one.
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    for start, end in spans:
        if start <= wall_clock < end:
            return OpeningStatus(is_open=True, today=today, changes_at=end)
        if wall_clock < start:
            return OpeningStatus(is_open=False, today=today, changes_at=start)
    return OpeningStatus(is_open=False, today=today, changes_at=None)
