"""UK time: the clinic's one time zone, and times written the way the clinic says them.

Every centre and every promise made to a patient is in UK time, whatever the server's
TIME_ZONE. The wording is the one patients read on the door and in our emails: "8am",
"5:30pm", "midday", and "3:15pm on Tuesday 2 December".
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone

LONDON = ZoneInfo("Europe/London")


def london_now(now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(LONDON)


def clock(value: time | datetime | None) -> str:
    """A wall-clock time on the 12-hour clock: ``8am``, ``5:30pm``, ``midday``, ``midnight``.

    A datetime is read as it is: convert an aware one to UK time first (friendly_time does).
    """
    if value is None:
        return ""
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{value.hour % 12 or 12}{minutes}{'am' if value.hour < 12 else 'pm'}"


def friendly_time(value: datetime) -> str:
    """A moment in UK time as people say it: "3:15pm on Tuesday 2 December"."""
    local = value.astimezone(LONDON)
    return f"{clock(local)} on {dateformat.format(local, 'l j F')}"
