from django.apps import AppConfig

from genesis_site.site_content import SiteContent


class TherapiesConfig(AppConfig):
    name = "therapies"
    site_content = SiteContent(
        sitemaps={
            "therapy_list": "therapies.sitemaps.TherapyListSitemap",
            "therapies": "therapies.sitemaps.TherapySitemap",
        },
        demo="therapies.demo",
        not_on_pages=frozenset({"pagefeedback"}),
    )

    def ready(self):
        from outbox import registry
        from therapies.models import ReviewReminder, Therapy

        registry.register(Therapy, kinds=ReviewReminder)
