"""The conversation on the enquiry page: its timeline, "Reply by email", and the replies
from enquirers that matched no enquiry, for staff to attach by hand."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from editorial.admin_workflow import PublishableAdmin
from enquiries import conversation, services
from enquiries.models import AuditEvent, Enquiry, SavedReply


class ReplyForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80}),
        help_text="Sent as plain text from the clinic, with answers coming back to the "
        "triage mailbox and onto this enquiry.",
    )


class ConversationAdminMixin:
    """For EnquiryAdmin: the timeline and reply form on each enquiry."""

    change_form_template = "enquiries/admin/enquiry_change_form.html"

    def get_ordering(self, request):
        # An enquiry the enquirer wrote back on takes its place in the queue by the time
        # their answer is due; the first-response due time stays as it was, for the report.
        return [Coalesce("follow_up_due_at", "due_at").asc()]

    @admin.display(description="Enquirer replied", boolean=True, ordering="enquirer_replied_at")
    def enquirer_replied(self, enquiry):
        return enquiry.enquirer_replied_at is not None

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        return [*display[:2], "enquirer_replied", *display[2:]]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="enquiries_enquiry_reply",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        enquiry = self.get_object(request, object_id)
        if enquiry is not None:
            extra_context = (extra_context or {}) | {
                "timeline": conversation.timeline(enquiry),
                "can_reply": self._can_reply(request, enquiry),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _can_reply(self, request, enquiry: Enquiry) -> bool:
        return (
            self.has_change_permission(request, enquiry)
            and enquiry.anonymised_at is None
            and enquiry.status != Enquiry.Status.HELD
        )

    def reply_view(self, request, object_id):
        enquiry = self.get_object(request, object_id)
        if enquiry is None:
            raise Http404
        if not self._can_reply(request, enquiry):
            raise PermissionDenied
        warnings = []
        if request.method == "POST":
            form = ReplyForm(request.POST)
            if form.is_valid():
                warnings = conversation.reply_warnings(form.cleaned_data["body"])
                if not warnings or "send_anyway" in request.POST:
                    conversation.enquiry_reply_send(
                        enquiry=enquiry,
                        subject=form.cleaned_data["subject"],
                        body=form.cleaned_data["body"],
                        by=request.user,
                    )
                    self.message_user(
                        request, f"Your reply to {enquiry} is on its way.", messages.SUCCESS
                    )
                    return redirect("admin:enquiries_enquiry_change", enquiry.pk)
        else:
            form = ReplyForm(initial=self._reply_initial(request, enquiry))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Reply to {enquiry}",
            "enquiry": enquiry,
            "form": form,
            "warnings": warnings,
            **self.reply_context(request, enquiry),
        }
        return TemplateResponse(request, "enquiries/admin/reply.html", context)

    def _reply_initial(self, request, enquiry: Enquiry) -> dict:
        initial = {"subject": conversation.reply_subject(enquiry)}
        # Picking a saved reply is a plain GET form: it works without JavaScript.
        chosen = request.GET.get("saved_reply", "")
        if chosen.isdigit() and (saved := SavedReply.objects.published().filter(pk=chosen).first()):
            initial["body"] = conversation.saved_reply_fill(saved_reply=saved, enquiry=enquiry)
        return initial

    def reply_context(self, request, enquiry: Enquiry) -> dict:
        return {
            "saved_replies": SavedReply.objects.published(),
            "chosen_saved_reply": request.GET.get("saved_reply", ""),
        }


class InboundMessageAdmin(admin.ModelAdmin):
    """Replies from enquirers; those that matched no enquiry wait here to be attached."""

    list_display = ("__str__", "sent_at", "enquiry", "attachment_count")
    list_filter = (("enquiry", admin.EmptyFieldListFilter),)
    fields = (
        "enquiry",
        "from_address",
        "subject",
        "sent_at",
        "fetched_at",
        "text",
        "attachments",
        "attached_by",
    )
    readonly_fields = fields
    raw_id_fields = ("enquiry",)
    actions = None

    def has_add_permission(self, request):
        return False  # they come from the triage mailbox

    def has_delete_permission(self, request, obj=None):
        return False  # erasure and retention delete them with their enquiry

    @admin.display(description="attachments")
    def attachment_count(self, message):
        return len(message.attachments)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        message = self.get_object(request, object_id)
        if request.method == "GET" and message is not None and message.enquiry is not None:
            services.audit_record(
                user=request.user,
                action=AuditEvent.Action.VIEW,
                references=[message.enquiry.reference],
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.enquiry_id is None:
            return [f for f in self.readonly_fields if f != "enquiry"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if "enquiry" in form.changed_data and obj.enquiry is not None:
            conversation.inbound_attach(message=obj, enquiry=obj.enquiry, by=request.user)
        else:
            super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.enquiry_id is None:
            context["subtitle"] = format_html(
                "Matched no enquiry: choose its enquiry (search by reference) and save to "
                'attach it. <a href="{}">The triage queue</a>.',
                reverse("admin:enquiries_enquiry_changelist"),
            )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


class SavedReplyAdmin(PublishableAdmin):
    list_display = ["title", "status_column", "draft_column", "reading_grade_column"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [(None, {"fields": ["title", "slug", "body"]})]
