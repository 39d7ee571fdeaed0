"""A plan as an iCalendar file (RFC 5545) that calendar apps import.

Every entry is an all-day event: many calendar apps ignore the alarms in an imported file,
and an aftercare step is about days, not times. A step lasting several days is one event
across them (DTEND is the day after the last, as RFC 5545 counts). Events are marked free
time (TRANSP), so a precaution does not block a patient's diary. icalendar writes the CRLF
line ends and folds long lines at 75 octets.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from aftercare.planner import Plan

YOUR_TEAM_DECIDES = (
    "These are the usual days. Your own team gives you your exact days: follow what they tell you."
)


def plan_calendar(plan: Plan, *, now: datetime) -> bytes:
    therapy = plan.therapy
    page_url = settings.SITE_URL + therapy.get_absolute_url()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CLINIC['name']}//Aftercare planner//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"After {therapy.title}")
    for dated in plan.steps:
        step = dated.step
        event = Event()
        # The same step of the same plan keeps its UID, so importing the file again
        # updates the entries instead of doubling them.
        event.add(
            "uid", f"{plan.treated_on:%Y%m%d}-{step.pk}@{urlsplit(settings.SITE_URL).hostname}"
        )
        event.add("dtstamp", now)
        event.add("dtstart", dated.first)
        event.add("dtend", dated.last + timedelta(days=1))
        event.add("summary", step.title)
        event.add("description", "\n\n".join(filter(None, [step.advice, YOUR_TEAM_DECIDES])))
        event.add("url", page_url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
