"""A news page type, added as the README's "Adding a page type" says (tests/test_page_types.py)."""

from django.apps import AppConfig

from genesis_site.site_content import SiteContent


class NewsConfig(AppConfig):
    name = "tests.example_news"
    label = "news"
    site_content = SiteContent(
        sitemaps={"news": "tests.example_news.sitemaps.NewsPageSitemap"},
        demo="tests.example_news.demo",
    )
