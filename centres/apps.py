from django.apps import AppConfig

from genesis_site.site_content import SiteContent


class CentresConfig(AppConfig):
    name = "centres"
    site_content = SiteContent(
        sitemaps={
            "centres": "centres.sitemaps.CentreSitemap",
            "specialists": "centres.sitemaps.SpecialistSitemap",
        },
        demo="centres.demo",
    )
