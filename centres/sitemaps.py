from django.contrib.sitemaps import Sitemap

from centres.models import Centre, Specialist


class ActiveProfileSitemap(Sitemap):
    """The public page of every active object of ``model``."""

    changefreq = "monthly"
    model = None

    def items(self):
        return self.model.objects.active().order_by("slug")

    def lastmod(self, obj):
        return obj.updated_at


class CentreSitemap(ActiveProfileSitemap):
    model = Centre


class SpecialistSitemap(ActiveProfileSitemap):
    model = Specialist
