"""Every email the site has queued, where failures are found and resent; and the task workers.

``OutboundEmailInline`` shows the emails about one object on its own admin page (the
enquiry page does); each has a Resend button that works without JavaScript.
"""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils.html import format_html

from genesis_site.admin import AuditedListMixin, ReadOnlyAdmin
from outbox import registry, services
from outbox.models import OutboundEmail, WorkerHeartbeat


class KindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return registry.kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.display(description="kind", ordering="kind")
def kind(email: OutboundEmail) -> str:
    return email.kind_label


@admin.display(description="")
def resend_button(email: OutboundEmail) -> str:
    # A submit button of the page's form posting elsewhere: works without JavaScript and
    # carries the form's CSRF token.
    return format_html(
        '<button type="submit" class="button" formaction="{}" formnovalidate>Resend</button>',
        reverse("admin:outbox_outboundemail_resend", args=[email.pk]),
    )


class EmailFormSet(BaseGenericInlineFormSet):
    @classmethod
    def get_default_prefix(cls):
        # Rather than "outbox-outboundemail-content_type-object_id" in every field name.
        return "emails"


class OutboundEmailInline(GenericTabularInline):
    model = OutboundEmail
    formset = EmailFormSet
    fields = (
        kind,
        "to_address",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        resend_button,
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "emails"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(AuditedListMixin, admin.ModelAdmin):
    list_display = (
        "subject",
        kind,
        "to_address",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", KindFilter)
    search_fields = ("subject",)
    search_help_text = "Words in the subject, such as an enquiry's reference."
    actions = ("resend",)
    fields = readonly_fields = (
        "about",
        kind,
        "to_address",
        "subject",
        "body",
        "message_id",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "queued_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # erasure and retention delete emails, with what they are about

    def get_queryset(self, request):
        # What each email is about, for the audit: one query per kind of thing, not per row.
        return super().get_queryset(request).prefetch_related("about")

    def audit_listing(self, request, rows, search_term):
        services.emails_record_listing(emails=rows, search_term=search_term, by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        email = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and response.status_code == 200 and email is not None:
            services.email_record_view(email=email, by=request.user)
        return response

    def get_urls(self):
        return [
            path(
                "<int:email_id>/resend/",
                self.admin_site.admin_view(self.resend_view),
                name="outbox_outboundemail_resend",
            ),
            *super().get_urls(),
        ]

    def resend_view(self, request, email_id):
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        email = get_object_or_404(OutboundEmail, pk=email_id)
        if services.email_resend(email=email, by=request.user):
            self.message_user(request, f"{email.kind_label} queued to send again.")
        else:
            self.message_user(
                request, "That email is being sent right now; try again shortly.", messages.WARNING
            )
        return redirect(self.page_of(email))

    def page_of(self, email: OutboundEmail) -> str:
        """The admin page of what the email is about, where its Resend button was."""
        model = email.content_type.model_class() if email.content_type else None
        if model is not None and self.admin_site.is_registered(model):
            opts = model._meta
            return reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[email.object_id],
            )
        return reverse(f"{self.admin_site.name}:outbox_outboundemail_change", args=[email.pk])

    @admin.action(description="Resend selected emails", permissions=["change"])
    def resend(self, request, queryset):
        count = sum(bool(services.email_resend(email=email, by=request.user)) for email in queryset)
        self.message_user(request, f"{count} email{pluralize(count)} queued to send again.")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "started_at", "last_seen_at")
