"""What each app adds to the public site, declared on its AppConfig and read from here.

genesis_site names no product app: the sitemap, the anonymous page cache, the demo content
and the editorial roles ask every installed app for its ``site_content``, in INSTALLED_APPS
order::

    class NewsConfig(AppConfig):
        name = "news"
        site_content = SiteContent(
            sitemaps={"news": "news.sitemaps.NewsPageSitemap"},
            demo="news.demo",
        )

An app that declares one is a content app. Its public pages are the views of its URL namespace
(the ``app_name`` of its urls.py, which must be its app label): anonymous visitors may get them
from the page cache. Saving or deleting any of its models, except those in ``not_on_pages``,
refreshes every cached page, since any page may show it (the home page lists therapies).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.sitemaps import Sitemap
from django.db import models
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SiteContent:
    # The app's sections of /sitemap.xml: {section: dotted path of a Sitemap class}.
    sitemaps: dict[str, str] = field(default_factory=dict)
    # A module whose load() creates the missing demo content and returns how many rows it
    # made. Apps load theirs in INSTALLED_APPS order: demo content may link to the content of
    # the apps above it (centres offer the demo therapy).
    demo: str = ""
    # Model names (lower case) of records no page shows, such as answers to "Was this page
    # helpful?": saving them leaves the cached pages alone.
    not_on_pages: frozenset[str] = frozenset()
    # Model names (lower case) of records editors keep beside the pages, such as search
    # synonyms: marketing editors add, change and delete them, clinical reviewers read them
    # (editorial/roles.py; page types need no entry, the roles follow them already).
    kept_by_editors: frozenset[str] = frozenset()
    # Model names (lower case) of records the site writes and both editorial roles read,
    # such as the searches that found nothing.
    read_by_editors: frozenset[str] = frozenset()


def content_apps() -> list[AppConfig]:
    return [config for config in apps.get_app_configs() if _site_content(config) is not None]


def sitemaps() -> dict[str, type[Sitemap]]:
    return {
        section: import_string(path)
        for config in content_apps()
        for section, path in config.site_content.sitemaps.items()
    }


def demo_loaders() -> list[Callable[[], int]]:
    return [
        import_module(config.site_content.demo).load
        for config in content_apps()
        if config.site_content.demo
    ]


def page_namespaces() -> frozenset[str]:
    """The URL namespaces whose views are public content pages."""
    return frozenset(config.label for config in content_apps())


def is_shown_on_pages(model: type[models.Model]) -> bool:
    """Whether saving a ``model`` row may change what a public page shows."""
    try:
        # By label, so the historical models of data migrations count too.
        config = apps.get_app_config(model._meta.app_label)
    except LookupError:
        return False
    content = _site_content(config)
    return content is not None and model._meta.model_name not in content.not_on_pages


def _site_content(config: AppConfig) -> SiteContent | None:
    content = getattr(config, "site_content", None)
    return content if isinstance(content, SiteContent) else None
