"""Times and durations written the way the clinic says them, in UK time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import dateformat

# The clinic's promise is made in UK time, whatever the server's clock.
LONDON = ZoneInfo("Europe/London")


def friendly_time(value: datetime) -> str:
    """UK time as people say it: "3:15pm on Tuesday 2 December", "midday on Friday 5 June"."""
    local = value.astimezone(LONDON)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    elif (local.hour, local.minute) == (0, 0):
        clock = "midnight"
    else:
        minutes = f":{local.minute:02d}" if local.minute else ""
        clock = f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{clock} on {dateformat.format(local, 'l j F')}"


def short_duration(value: timedelta) -> str:
    """A duration in its two largest units: "1d 3h", "3h 5m", "12m"."""
    minutes = int(abs(value).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"
