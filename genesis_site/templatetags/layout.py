"""Tags for the page frame in base.html: `{% load layout %}`.

Both work without a request or a database, so the 500 page can use them.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from genesis_site import phone

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, url_name: str) -> str:
    """Mark a main-navigation link as the current page or the current section.

    ``<a href="{% url 'centres:list' %}"{% aria_current 'centres:list' %}>`` renders
    ``aria-current="page"`` on that exact page and ``aria-current="true"`` on any
    page under the same first path segment (a centre's own page, say).
    """
    request = context.get("request")
    if request is None:
        return ""
    url = reverse(url_name)
    section = _section(url)
    if request.path == url:
        state = "page"
    elif section and _section(request.path) == section:
        state = "true"
    else:
        return ""
    return format_html(' aria-current="{}"', state)


def _section(path: str) -> str:
    return path.strip("/").split("/")[0]


register.filter("tel_uri", phone.tel_uri)
