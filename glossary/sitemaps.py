from editorial.sitemaps import PublishedSitemap
from genesis_site.seo import UrlNamesSitemap
from glossary.models import GlossaryTerm


class GlossarySitemap(UrlNamesSitemap):
    url_names = ["glossary:index"]


class GlossaryTermSitemap(PublishedSitemap):
    model = GlossaryTerm
