from django import template

from enquiries import formatting
from genesis_site import uk_time

register = template.Library()
register.filter("friendly_time", uk_time.friendly_time)
register.filter("short_duration", formatting.short_duration)
