from editorial.publishing import Publishable
from genesis_site.seo import SiteUrlSitemap


class PublishedSitemap(SiteUrlSitemap):
    """Every page of ``model`` the public sees now, with when it last changed."""

    model: type[Publishable]

    def items(self):
        return self.model.objects.published()

    def lastmod(self, obj):
        return obj.updated_at
