from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from genesis_site.page_cache import bump_content_version
from genesis_site.site_content import SiteContent


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    # The enquiry form is in the sitemap, but never cached: it is a form with a CSRF cookie.
    site_content = SiteContent(
        sitemaps={"enquiry_form": "enquiries.sitemaps.EnquiryFormSitemap"}, page_cache=False
    )

    def ready(self):
        from enquiries import services
        from enquiries.models import EmailKind, Enquiry, ResponsePolicy
        from outbox import registry

        registry.register(
            Enquiry,
            kinds=EmailKind,
            personal_values=Enquiry.personal_values,
            on_staff_access=services.audit_email_access,
        )
        # Every page's footer states the reply promise: a new one refreshes cached pages.
        for signal in (post_save, post_delete):
            signal.connect(
                promise_changed, sender=ResponsePolicy, dispatch_uid=f"promise_changed.{signal}"
            )


def promise_changed(sender, using=None, **kwargs) -> None:
    transaction.on_commit(bump_content_version, using=using)
