from django.apps import AppConfig

from genesis_site.site_content import SiteContent


class PagesConfig(AppConfig):
    name = "pages"
    site_content = SiteContent(
        sitemaps={"home": "pages.sitemaps.HomeSitemap", "pages": "pages.sitemaps.SitePageSitemap"},
        demo="pages.demo",
    )
