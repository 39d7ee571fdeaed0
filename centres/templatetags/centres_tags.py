from datetime import datetime, time

from django import template

from centres.places import distance_text

register = template.Library()


@register.filter
def clock(value: time | datetime | None) -> str:
    """A time as patients read it: ``8am``, ``5:30pm``, ``midday``, ``midnight``."""
    if value is None:
        return ""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def distance(miles: float) -> str:
    """``2.34`` as "About 2.3 miles away (in a straight line)"."""
    return distance_text(miles)
