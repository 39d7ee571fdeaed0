from django import template

from genesis_site.uk_time import clock

register = template.Library()
register.filter("clock", clock)
