from django import template

from enquiries import formatting
from enquiries.models import ResponsePolicy
from genesis_site import uk_time

register = template.Library()
register.filter("friendly_time", uk_time.friendly_time)
register.filter("short_duration", formatting.short_duration)


@register.simple_tag
def reply_promise() -> str:
    """The reply promise in words, "24 hours" or "8 working hours", for the site's shared
    templates (the footer, the home page), which cannot know the response policy."""
    return ResponsePolicy.current().promise
