from datetime import datetime, time

from django import template
from django.utils import timezone

from centres.models import Centre, Specialist
from genesis_site.queries import PreparedQuery

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


# A therapy page's blocks about centres and specialists come from here, so the therapies app
# never imports this one (which imports it: centres offer therapies). Their queries are
# compiled once per process (genesis_site.queries.PreparedQuery).
centres_offering = PreparedQuery(lambda therapy, now: Centre.objects.active(now).offering(therapy))
specialists_providing = PreparedQuery(
    lambda therapy, now: Specialist.objects.active(now).filter(therapies=therapy)
)


@register.inclusion_tag("centres/includes/therapy_centres.html", takes_context=True)
def therapy_centres(context, therapy):
    """ "Where this therapy is offered": the centres offering it that the public sees now.

    Links belong to the live page, so a draft's preview shows the live page's centres.
    """
    centres = centres_offering.all(therapy=therapy.live_page.pk, now=timezone.now())
    return {"therapy": therapy, "centres": centres, "clinic": context["clinic"]}


@register.inclusion_tag("centres/includes/therapy_specialists.html")
def therapy_specialists(therapy):
    """ "Your specialists": the specialists for the therapy whom the public sees now."""
    specialists = specialists_providing.all(therapy=therapy.live_page.pk, now=timezone.now())
    return {"specialists": specialists}
