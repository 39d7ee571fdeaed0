from editorial.sitemaps import PublishedSitemap
from genesis_site.seo import UrlNamesSitemap
from therapies.models import Therapy


class TherapyListSitemap(UrlNamesSitemap):
    url_names = ["therapies:list"]


class TherapySitemap(PublishedSitemap):
    model = Therapy
