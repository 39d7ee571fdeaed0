from editorial.sitemaps import PublishedSitemap
from genesis_site.seo import UrlNamesSitemap
from pages.models import SitePage


class HomeSitemap(UrlNamesSitemap):
    url_names = ["pages:home"]


class SitePageSitemap(PublishedSitemap):
    model = SitePage
