from django import template
from django.utils import timezone

from centres.models import Centre, Specialist
from centres.places import distance_text
from genesis_site.queries import PreparedQuery
from genesis_site.uk_time import clock

register = template.Library()
register.filter("clock", clock)


@register.filter
def hours(hours) -> str:
    """A day's opening hours as the centre page lists them: "9am to 5pm", or "Closed"."""
    if not hours or hours.is_closed:
        return "Closed"
    return f"{clock(hours.opens)} to {clock(hours.closes)}"


@register.filter
def distance(miles: float) -> str:
    """``2.34`` as "About 2.3 miles away (in a straight line)"."""
    return distance_text(miles)


# A therapy page's blocks about centres and specialists come from here, so the therapies app
# never imports this one (which imports it: centres offer therapies). Their queries are
# compiled once per process (genesis_site.queries.PreparedQuery).
centres_offering = PreparedQuery(
    lambda therapy, now: Centre.objects.published(now).offering(therapy)
)
specialists_providing = PreparedQuery(
    lambda therapy, now: Specialist.objects.published(now).filter(therapies=therapy)
)


@register.inclusion_tag("centres/includes/therapy_centres.html", takes_context=True)
def therapy_centres(context, therapy):
    """ "Where this therapy is offered": the centres offering it that the public sees now.

    Links belong to the live page, so a draft's preview shows the live page's centres.
    """
    centres = centres_offering.all(therapy=therapy.live_page.pk, now=timezone.now())
    # What the block shows, for {% rendered_once %}.
    version = (therapy.slug, therapy.title, *(centre.fetched_version for centre in centres))
    return {"therapy": therapy, "centres": centres, "clinic": context["clinic"], "version": version}


@register.inclusion_tag("centres/includes/therapy_specialists.html")
def therapy_specialists(therapy):
    """ "Your specialists": the specialists for the therapy whom the public sees now."""
    specialists = specialists_providing.all(therapy=therapy.live_page.pk, now=timezone.now())
    version = tuple(specialist.fetched_version for specialist in specialists)
    return {"specialists": specialists, "version": version}
