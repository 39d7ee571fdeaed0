"""Tags for the page frame in base.html: `{% load layout %}`.

All work without a request or a database, so the 500 page can use them.

The header and footer are the same on every page but for the section marked as current
and the year, so each is rendered once per process for each of those and then reused
(with DEBUG on, every time, so that template edits show at once). ``{% rendered_once %}``
does the same for a page's content, once per version of what it shows.
"""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone

from genesis_site import phone
from genesis_site.links import cached_reverse
from genesis_site.process_memory import ProcessMemory

register = template.Library()

# The main navigation: (link text, URL name).
MAIN_NAVIGATION = (
    ("Therapies", "therapies:list"),
    ("Centres", "centres:list"),
    ("Our specialists", "centres:specialist_list"),
    ("Make an enquiry", "enquiries:create"),
)


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    """includes/header.html, with the current page or section marked in the navigation."""
    request = context.get("request")
    links = []
    for text, url_name in MAIN_NAVIGATION:
        url = cached_reverse(url_name)
        links.append((text, url, current_state(url, request.path) if request else ""))
    return _render_once("includes/header.html", navigation=tuple(links))


@register.simple_tag
def site_footer(promise: str = "") -> str:
    """includes/footer.html, with this year in its copyright line and the reply promise.

    The promise is passed in: it is the enquiries app's, in the database, which the error
    pages must not need (they give none).
    """
    return _render_once("includes/footer.html", year=timezone.localdate().year, promise=promise)


def current_state(url: str, path: str) -> str:
    """The ``aria-current`` of a main-navigation link to ``url`` on the page at ``path``.

    ``page`` on that exact page, ``true`` on any page under the same first path segment
    (a centre's own page, say), and nothing elsewhere.
    """
    if path == url:
        return "page"
    section = _section(url)
    return "true" if section and _section(path) == section else ""


def _section(path: str) -> str:
    return path.strip("/").split("/")[0]


def _render_once(template_name: str, **values) -> str:
    key = (
        template_name,
        tuple(values.items()),
        tuple(settings.CLINIC.items()),
        get_urlconf(),
        get_script_prefix(),
    )
    if settings.DEBUG:
        return _render(*key)
    return _rendered(*key)


def _render(template_name: str, values: tuple, clinic: tuple, *_urls) -> str:
    return render_to_string(template_name, {"clinic": dict(clinic), **dict(values)})


# The key names everything the output depends on: template, values, clinic and URLs.
_rendered = functools.lru_cache(maxsize=64)(_render)


register.filter("tel_uri", phone.tel_uri)


@register.tag
def rendered_once(parser, token):
    """``{% rendered_once v1 v2 %}...{% endrendered_once %}``: what is between, rendered once
    per process for each set of values (which must say everything it shows), then reused.

    For a page's content, with the ``fetched_version`` of the rows it was fetched from
    (genesis_site/queries.py): a new version of the content is a new set of values. A
    value of None (a preview, say) renders it every time.
    """
    nodelist = parser.parse(("endrendered_once",))
    parser.delete_first_token()
    return RenderedOnceNode(
        nodelist, [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    )


class RenderedOnceNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist, self.values = nodelist, values

    def render(self, context):
        values = tuple(value.resolve(context, ignore_failures=True) for value in self.values)
        if None in values or settings.DEBUG:
            return self.nodelist.render(context)
        return _fragments.get((id(self), values), lambda: self.nodelist.render(context))


# Rendered fragments kept by each process: a few versions of each page's content.
_fragments = ProcessMemory(size=256)
