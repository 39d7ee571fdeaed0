from centres.models import Centre, Specialist
from genesis_site.seo import SiteUrlSitemap, UrlNamesSitemap


class CentreListsSitemap(UrlNamesSitemap):
    url_names = ["centres:list", "centres:specialist_list"]


class ActiveProfileSitemap(SiteUrlSitemap):
    """The public page of every active object of ``model``."""

    changefreq = "monthly"
    model = None

    def items(self):
        return self.model.objects.published().order_by("slug")

    def lastmod(self, obj):
        return obj.updated_at


class CentreSitemap(ActiveProfileSitemap):
    model = Centre


class SpecialistSitemap(ActiveProfileSitemap):
    model = Specialist
