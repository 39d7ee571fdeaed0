from django.urls import reverse

from genesis_site.seo import SiteUrlSitemap
from therapies.models import SitePage, Therapy


class LandingPageSitemap(SiteUrlSitemap):
    def items(self):
        return ["therapies:home", "therapies:list"]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(SiteUrlSitemap):
    model: type[Therapy | SitePage]

    def items(self):
        return self.model.objects.published()

    def lastmod(self, obj):
        return obj.updated_at


class TherapySitemap(PublishedSitemap):
    model = Therapy


class SitePageSitemap(PublishedSitemap):
    model = SitePage
