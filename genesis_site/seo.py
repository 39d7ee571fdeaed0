"""What search engines and link previews read about a page.

Canonical links, Open Graph tags, JSON-LD and the sitemap use absolute URLs built
from settings.SITE_URL, never from the request's Host header, so a page reached
under another name still points at the real site.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

SCHEMA_ORG = "https://schema.org"

# Editor text inside <script> must never end the element or open a comment, so the
# characters HTML reacts to are written as JSON unicode escapes (as json_script does).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def json_for_script(data) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped just above


def breadcrumb_list(crumbs: list[tuple[str, str | None]]) -> dict:
    """schema.org BreadcrumbList for BreadcrumbsMixin's ``[(label, url), ...]``."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": label,
                # The current page (last crumb) has no link; schema.org lets it omit "item".
                **({"item": absolute_url(url)} if url else {}),
            }
            for position, (label, url) in enumerate(crumbs, start=1)
        ],
    }


@dataclass(frozen=True)
class PageMeta:
    """The head of a page as components/page_meta.html renders it."""

    title: str
    description: str
    path: str
    og_type: str = "website"
    noindex: bool = False
    structured_data: dict | None = None

    @property
    def canonical_url(self) -> str:
        return absolute_url(self.path)


class SiteUrlSitemap(Sitemap):
    """A sitemap whose addresses start with settings.SITE_URL."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class UrlNamesSitemap(SiteUrlSitemap):
    """The pages named in ``url_names``, such as a home page or a list of pages."""

    url_names: list[str]

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
