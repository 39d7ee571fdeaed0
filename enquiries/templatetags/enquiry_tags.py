from django import template

from enquiries import formatting

register = template.Library()
register.filter("friendly_time", formatting.friendly_time)
register.filter("short_duration", formatting.short_duration)
