from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "enquiries"

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
