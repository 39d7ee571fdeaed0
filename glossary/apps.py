from django.apps import AppConfig

from genesis_site.site_content import SiteContent


class GlossaryConfig(AppConfig):
    name = "glossary"
    site_content = SiteContent(
        sitemaps={
            "glossary": "glossary.sitemaps.GlossarySitemap",
            "glossary_terms": "glossary.sitemaps.GlossaryTermSitemap",
        },
        demo="glossary.demo",
    )
