from django.apps import AppConfig

from genesis_site.site_content import SiteContent


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    # The enquiry form is in the sitemap, but never cached: it is a form with a CSRF cookie.
    site_content = SiteContent(
        sitemaps={"enquiry_form": "enquiries.sitemaps.EnquiryFormSitemap"}, page_cache=False
    )

    def ready(self):
        from enquiries import services
        from enquiries.models import EmailKind, Enquiry
        from outbox import registry

        registry.register(
            Enquiry,
            kinds=EmailKind,
            personal_values=Enquiry.personal_values,
            on_staff_access=services.audit_email_access,
        )
