from django import template

from centres.models import Centre, Specialist
from centres.places import distance_text
from genesis_site.uk_time import clock

register = template.Library()
register.filter("clock", clock)


@register.filter
def distance(miles: float) -> str:
    """``2.34`` as "About 2.3 miles away (in a straight line)"."""
    return distance_text(miles)


# A therapy page's blocks about centres and specialists come from here, so the therapies app
# never imports this one (which imports it: centres offer therapies).


@register.inclusion_tag("centres/includes/therapy_centres.html", takes_context=True)
def therapy_centres(context, therapy):
    """ "Where this therapy is offered": the centres offering it that the public sees now.

    Links belong to the live page, so a draft's preview shows the live page's centres.
    """
    centres = Centre.objects.published().offering(therapy.live_page)
    return {"therapy": therapy, "centres": centres, "clinic": context["clinic"]}


@register.inclusion_tag("centres/includes/therapy_specialists.html")
def therapy_specialists(therapy):
    """ "Your specialists": the specialists for the therapy whom the public sees now."""
    return {"specialists": Specialist.objects.published().filter(therapies=therapy.live_page)}
