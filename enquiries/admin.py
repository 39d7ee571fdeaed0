"""The triage queue: enquiries sorted by time left, with their SLA badge, emails and notes.

Also privacy operations: every staff view, list, search and change of enquiries goes in
the audit log, and staff with the permissions export or erase everything held about a
person.
"""

from io import StringIO

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from enquiries import reports, services, subject_access
from enquiries.admin_conversation import (
    ConversationAdminMixin,
    InboundMessageAdmin,
    SavedReplyAdmin,
)
from enquiries.forms import (
    FirstResponseForm,
    ReportPeriodForm,
    SubjectAccessForm,
)
from enquiries.models import (
    AuditEvent,
    ClosureDay,
    Enquiry,
    EnquiryNote,
    ErasureRecord,
    InboundMessage,
    ResponsePolicy,
    SavedReply,
    SlaState,
    TeamHours,
    TriageStaff,
    triage_staff,
)
from genesis_site.admin import AuditedListMixin, ReadOnlyAdmin
from genesis_site.phone import normalise_phone
from genesis_site.uk_time import friendly_time
from outbox.admin import OutboundEmailInline

SUBMITTED_FIELDS = (
    "enquiry_for",
    "full_name",
    "email",
    "phone",
    "contact_method",
    "contact_time",
    "therapy",
    "centre",
    "funding",
    "insurer",
    "has_referral",
    "message",
    "needs_large_print",
    "needs_easy_read",
    "needs_bsl",
    "needs_interpreter",
    "interpreter_language",
    "needs_carer",
    "other_communication_needs",
    "marketing_opt_in",
    "consent_version",
    "consent_given_at",
)


# Shown on an enquiry that the website held as suspected spam, released or not.
SPAM_HOLD_FIELDS = ("held_as_spam_reason", "released_at", "released_by")


class QueueFilter(admin.SimpleListFilter):
    """Open enquiries unless asked otherwise; a search looks through all of them.

    Enquiries held as suspected spam are not open: they have their own choice.
    """

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("open", "Open"),
            ("held", Enquiry.Status.HELD.label),
            ("all", "All enquiries"),
        ]

    def value(self):
        if value := super().value():
            return value
        return "all" if self.request.GET.get(SEARCH_VAR) else "open"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        if self.value() == "held":
            return queryset.held_as_spam()
        return queryset.open()


class SlaFilter(admin.SimpleListFilter):
    title = "SLA"
    parameter_name = "sla"

    def lookups(self, request, model_admin):
        return SlaState.choices

    def queryset(self, request, queryset):
        if self.value() in SlaState.values:
            return queryset.in_sla_state(self.value())
        return queryset


class WithEnquiriesFilter(admin.RelatedOnlyFieldListFilter):
    """The centres, therapies or staff that some enquiry has, as Django's "related only"
    filter offers them, but asked with one index look-up each instead of reading every
    enquiry ever kept: the queue page stays as fast with years of them (bench/RESULTS.md)."""

    def field_choices(self, field, request, model_admin):
        enquiries = model_admin.get_queryset(request)
        used = Exists(enquiries.filter(**{self.field_path: OuterRef("pk")}))
        return field.get_choices(
            include_blank=False,
            limit_choices_to=Q(used),
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class EnquiryNoteInline(admin.TabularInline):
    model = EnquiryNote
    fields = ("text", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request, obj=None):
        return False  # notes are a record: add new ones, never rewrite old ones


@admin.register(Enquiry)
class EnquiryAdmin(ConversationAdminMixin, AuditedListMixin, admin.ModelAdmin):
    list_display = (
        "reference",
        "sla_badge",
        "received_at",
        "status",
        "full_name",
        "needs_flag",
        "centre",
        "therapy",
        "assignee",
    )
    list_filter = (
        QueueFilter,
        SlaFilter,
        "status",
        ("centre", WithEnquiriesFilter),
        ("therapy", WithEnquiriesFilter),
        ("assignee", WithEnquiriesFilter),
        "received_at",
    )
    # No "(N total)" beside a filtered count: it counts every enquiry ever kept on each
    # page load. "Show all" stays.
    show_full_result_count = False
    list_select_related = ("centre", "therapy", "assignee")
    search_fields = ("reference", "full_name", "email", "phone")
    search_help_text = "Reference, name, email address or phone number."
    ordering = ("due_at",)
    list_per_page = 50
    actions = ("assign_to_me", "record_first_response", "mark_as_spam", "release_from_spam_hold")
    inlines = (EnquiryNoteInline, OutboundEmailInline)
    change_list_template = "enquiries/admin/enquiry_change_list.html"
    readonly_fields = (
        "reference",
        "sla_badge",
        "received_at",
        "due_at",
        "first_response_at",
        "first_response_by",
        "first_response_method",
        "closed_at",
        "anonymised_at",
        *SUBMITTED_FIELDS,
        *SPAM_HOLD_FIELDS,
        "release_button",
        "communication_needs",
        "satisfaction_asked_at",
        "satisfaction_answer",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "sla_badge",
                    "received_at",
                    "due_at",
                    "communication_needs",
                )
            },
        ),
        (
            "Triage",
            {"fields": ("status", "assignee", "sensitive", "closed_at", "anonymised_at")},
        ),
        (
            "First response",
            {
                "fields": ("first_response_at", "first_response_by", "first_response_method"),
                "description": "Recorded with the “Record first response” action in the queue.",
            },
        ),
        (
            "After closing",
            {
                "fields": ("satisfaction_asked_at", "satisfaction_answer"),
                "description": "One question, by email, once: “Did we answer your question?”",
            },
        ),
        ("What the enquirer sent", {"fields": SUBMITTED_FIELDS}),
    )

    class Media:
        css = {"all": ["enquiries/admin.css"]}

    def has_add_permission(self, request):
        return False  # enquiries come from the website form

    def has_delete_permission(self, request, obj=None):
        # Deleting would lose the enquiry from the response report and leave its task
        # records behind; erasure (subject access page, retention job) does it properly.
        return False

    def audit_listing(self, request, rows, search_term):
        references = [enquiry.reference for enquiry in rows]
        if references or search_term.strip():
            services.audit_listing_record(
                user=request.user, search_term=search_term, references=references
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        enquiry = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and response.status_code == 200 and enquiry is not None:
            services.audit_record(
                user=request.user, action=AuditEvent.Action.VIEW, references=[enquiry.reference]
            )
        return response

    @admin.display(description="SLA", ordering="due_at")
    def sla_badge(self, enquiry):
        now = timezone.now()
        return format_html(
            '<span class="sla-badge sla-badge--{}">{}</span>',
            enquiry.sla_state(now),
            enquiry.sla_summary(now),
        )

    @admin.display(description="Communication needs")
    def needs_flag(self, enquiry):
        if not (needs := enquiry.communication_needs()):
            return ""
        return format_html(
            '<span class="needs-badge"><span aria-hidden="true">&#9873;</span> {}</span>',
            ", ".join(needs),
        )

    @admin.display(description="Communication needs")
    def communication_needs(self, enquiry):
        return self.needs_flag(enquiry) or "None given"

    @admin.display(description="Did we answer their question?")
    def satisfaction_answer(self, enquiry):
        answer = getattr(enquiry, "satisfaction", None)
        if answer is None:
            return "Not answered"
        verdict = "Yes" if answer.answered else "No"
        return f"{verdict}: {answer.comment}" if answer.comment else verdict

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if assignee := form.base_fields.get("assignee"):
            # Only triage staff are offered, and whoever has it now, so that saving an
            # enquiry never fails because its assignee has since left triage.
            current = Q(pk=obj.assignee_id) if obj is not None and obj.assignee_id else Q()
            assignee.queryset = get_user_model().objects.filter(Q(pk__in=triage_staff()) | current)
        return form

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Phone numbers are stored as +447700900982; staff type them as people say them.
        if phone := normalise_phone(search_term):
            results |= queryset.filter(phone=phone)
        return results, may_have_duplicates

    # Every change staff make here goes through a service, which writes it to the audit log.

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            # The form has already set the new status and assignee on obj.
            services.enquiry_update_triage(
                enquiry=obj, status=obj.status, assignee=obj.assignee, by=request.user
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not EnquiryNote:
            return super().save_formset(request, form, formset, change)
        # The notes the service saved are what the admin's history says were added.
        formset.new_objects = [
            services.enquiry_add_note(enquiry=form.instance, text=note.text, by=request.user)
            for note in formset.save(commit=False)
        ]

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        for enquiry in queryset:
            services.enquiry_assign(enquiry=enquiry, assignee=request.user, by=request.user)
            self.log_change(request, enquiry, "Assigned to me.")
        count = len(queryset)
        self.message_user(request, f"{count} enquir{pluralize(count, 'y,ies')} assigned to you.")

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_as_spam(self, request, queryset):
        for enquiry in queryset:
            services.enquiry_mark_spam(enquiry=enquiry, by=request.user)
            self.log_change(request, enquiry, "Marked as spam.")
        count = len(queryset)
        self.message_user(request, f"{count} enquir{pluralize(count, 'y,ies')} marked as spam.")

    @admin.action(description="Record first response…", permissions=["change"])
    def record_first_response(self, request, queryset):
        """Ask how and when staff replied (an in-between page), then stop each clock."""
        if "apply" in request.POST:
            form = FirstResponseForm(request.POST)
            if form.is_valid():
                self._record_first_responses(request, queryset, **form.cleaned_data)
                return None
        else:
            now = timezone.localtime().replace(second=0, microsecond=0)
            form = FirstResponseForm(initial={"responded_at": now})
        return TemplateResponse(
            request,
            "enquiries/admin/record_first_response.html",
            {
                **self.admin_site.each_context(request),
                "title": "Record first response",
                "opts": self.opts,
                "form": form,
                "enquiries": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    def _record_first_responses(self, request, queryset, *, method, responded_at):
        recorded = 0
        for enquiry in queryset:
            try:
                done = services.enquiry_record_first_response(
                    enquiry=enquiry, by=request.user, at=responded_at, method=method
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            if done:
                recorded += 1
                self.log_change(request, enquiry, "Recorded the first response.")
            else:
                self.message_user(
                    request,
                    f"{enquiry} already had a first response; it was left as it was.",
                    messages.WARNING,
                )
        if recorded:
            self.message_user(
                request,
                f"First response recorded for {recorded} enquir{pluralize(recorded, 'y,ies')}.",
            )

    # The spam hold: what the website held back, and staff releasing it into the queue.

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.held_as_spam_reason:
            return fieldsets
        (name, summary), *rest = fieldsets
        if obj.status == Enquiry.Status.HELD:
            # No reply is due until it is released.
            summary = {"fields": [f for f in summary["fields"] if f != "due_at"]}
            hold = ["held_as_spam_reason"]
            if self.has_change_permission(request, obj):
                hold.append("release_button")
        else:
            hold = list(SPAM_HOLD_FIELDS)
        return [(name, summary), (Enquiry.Status.HELD.label, {"fields": hold}), *rest]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # Only a release takes an enquiry off hold: it starts the clock and sends the emails.
        if obj is not None and obj.status == Enquiry.Status.HELD:
            return (*readonly, "status")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # Only the website holds enquiries back; staff mark spam as spam.
            kwargs["choices"] = [
                choice for choice in Enquiry.Status.choices if choice[0] != Enquiry.Status.HELD
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description="Not spam")
    def release_button(self, enquiry):
        # A submit button of the change form posting elsewhere, as the Resend buttons are.
        return format_html(
            '<button type="submit" class="button" formaction="{}" formnovalidate>'
            "Release into the triage queue</button>"
            '<div class="help">Starts the reply clock now and sends the acknowledgement '
            "and the new enquiry notice.</div>",
            reverse("admin:enquiries_enquiry_release", args=[enquiry.pk]),
        )

    @admin.action(description="Release from the spam hold into the queue", permissions=["change"])
    def release_from_spam_hold(self, request, queryset):
        released = [
            enquiry
            for enquiry in queryset
            if services.enquiry_release_from_spam(enquiry=enquiry, by=request.user)
        ]
        if count := len(released):
            self.message_user(
                request,
                f"{count} enquir{pluralize(count, 'y,ies')} released into the queue; "
                f"{pluralize(count, 'its,their')} emails are on their way.",
            )
        if skipped := len(queryset) - count:
            self.message_user(
                request,
                f"{skipped} of those selected {pluralize(skipped, 'was,were')} not held as "
                "suspected spam (or erased) and left as they were.",
                messages.WARNING,
            )

    def release_view(self, request, object_id):
        enquiry = self.get_object(request, object_id)
        if enquiry is None:
            raise Http404
        if request.method != "POST" or not self.has_change_permission(request, enquiry):
            raise PermissionDenied
        if services.enquiry_release_from_spam(enquiry=enquiry, by=request.user):
            self.message_user(
                request,
                f"{enquiry} is in the triage queue; the reply is due "
                f"{friendly_time(enquiry.due_at)} (UK time) and its emails are on their way.",
            )
        else:
            self.message_user(
                request,
                f"{enquiry} was not released: it is no longer held as suspected spam, "
                "or its details were erased.",
                messages.WARNING,
            )
        return redirect("admin:enquiries_enquiry_change", enquiry.pk)

    def get_urls(self):
        return [
            path(
                "report/",
                self.admin_site.admin_view(self.report_view),
                name="enquiries_enquiry_report",
            ),
            path(
                "subject-access/",
                self.admin_site.admin_view(self.subject_access_view),
                name="enquiries_enquiry_subject_access",
            ),
            path(
                "<path:object_id>/release/",
                self.admin_site.admin_view(self.release_view),
                name="enquiries_enquiry_release",
            ),
            *super().get_urls(),
        ]

    # What each button on the subject access page does, and the permission it needs.
    SUBJECT_ACCESS_ACTIONS = {
        "json": "enquiries.export_personal_data",
        "csv": "enquiries.export_personal_data",
        "erase": "enquiries.erase_personal_data",
        "erase_confirmed": "enquiries.erase_personal_data",
    }

    def subject_access_view(self, request):
        """Find what is held about one email address; export it, or erase it on request.

        Everything is POSTed, so the address never appears in a URL or an access log.
        """
        permissions = set(self.SUBJECT_ACCESS_ACTIONS.values())
        if not any(request.user.has_perm(permission) for permission in permissions):
            raise PermissionDenied
        action = request.POST.get("action")
        if request.method == "POST" and not request.user.has_perm(
            self.SUBJECT_ACCESS_ACTIONS.get(action, "-")
        ):
            raise PermissionDenied
        form = SubjectAccessForm(request.POST if request.method == "POST" else None)
        context = {
            **self.admin_site.each_context(request),
            "title": "Subject access and erasure",
            "opts": self.opts,
            "form": form,
            "can_export": request.user.has_perm("enquiries.export_personal_data"),
            "can_erase": request.user.has_perm("enquiries.erase_personal_data"),
            "retention_days": settings.ENQUIRY_RETENTION_DAYS,
        }
        if not form.is_valid():
            return TemplateResponse(request, "enquiries/admin/subject_access.html", context)
        email = form.cleaned_data["email"]
        if action == "erase_confirmed":
            record = services.enquiries_erase_on_request(email=email, by=request.user)
            count = record.enquiries if record else 0
            self.message_user(
                request,
                f"Erased the personal details of {count} enquir{pluralize(count, 'y,ies')}.",
            )
            return redirect("admin:enquiries_enquiry_subject_access")
        if action == "erase":
            # Only the references, to confirm which enquiries would go.
            data = subject_access.held_about(email)
        else:
            data = services.enquiries_export_personal_data(email=email, by=request.user)
        if not data["enquiries"]:
            self.message_user(request, "We hold no enquiries from that address.", messages.INFO)
            return TemplateResponse(request, "enquiries/admin/subject_access.html", context)
        if action == "erase":
            context["references"] = subject_access.references(data)
            return TemplateResponse(request, "enquiries/admin/subject_access_erase.html", context)
        return self.subject_access_export(request, data, file_format=action)

    def subject_access_export(self, request, data, *, file_format):
        write, content_type = {
            "json": (subject_access.write_json, "application/json"),
            "csv": (subject_access.write_csv, "text/csv"),
        }[file_format]
        out = StringIO()
        write(data, out)
        response = HttpResponse(out.getvalue(), content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="subject-access-{timezone.localdate()}.{file_format}"'
        )
        return response

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        default = ReportPeriodForm.default_period(timezone.localdate())
        form = ReportPeriodForm(request.GET if "start" in request.GET else default)
        report = reports.sla_report(**form.cleaned_data) if form.is_valid() else None
        if report and request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="enquiry-response-{report.start}-to-{report.end}.csv"'
            )
            reports.write_csv(report, response)
            return response
        return TemplateResponse(
            request,
            "enquiries/admin/report.html",
            {
                **self.admin_site.each_context(request),
                "title": "Enquiry response report",
                "opts": self.opts,
                "form": form,
                "report": report,
                "policy": ResponsePolicy.current(),
            },
        )


# How many of the references a list or search showed its row in the audit log names.
LISTED_IN_A_ROW = 5


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "enquiries", "searched")
    list_filter = ("action", "at")
    search_fields = ("reference", "listed", "username")
    search_help_text = (
        "Enquiry reference, staff username, or the exact words of a search staff made "
        "(found through their keyed hash)."
    )
    date_hierarchy = "at"
    fields = ("at", "username", "action", "reference", "listed", "search_hash")

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.searches_for(search_term)
        return results, may_have_duplicates

    @admin.display(description="enquiries")
    def enquiries(self, event):
        if event.reference:
            return event.reference
        references = event.listed_references()
        if not references:
            return "None"
        # A page of the queue lists 50; the entry itself shows them all.
        more = len(references) - LISTED_IN_A_ROW
        return ", ".join(references[:LISTED_IN_A_ROW]) + (f" and {more} more" if more > 0 else "")

    @admin.display(boolean=True, description="search")
    def searched(self, event):
        return bool(event.search_hash)


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = ("at", "reason", "enquiries", "username")
    list_filter = ("reason",)
    date_hierarchy = "at"


class TeamHoursFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if self.instance.counting == ResponsePolicy.Counting.WORKING and not kept:
            raise ValidationError(
                "Working hours need at least one day with working hours: add the days the "
                "triage team works."
            )


class TeamHoursInline(admin.TabularInline):
    model = TeamHours
    formset = TeamHoursFormSet
    extra = 0


class ClosureDayInline(admin.TabularInline):
    model = ClosureDay
    extra = 0


@admin.register(ResponsePolicy)
class ResponsePolicyAdmin(admin.ModelAdmin):
    """The one response policy: its list goes straight to it (or to adding it)."""

    inlines = (TeamHoursInline, ClosureDayInline)
    fieldsets = (
        (
            "The reply promise",
            {
                "fields": ("counting", "hours", "nation"),
                "description": "Each new enquiry's reply-by time is worked out from this when "
                "it arrives, and shown to the enquirer. Changing it leaves enquiries already "
                "in the queue as they are.",
            },
        ),
        ("Sharing out new enquiries", {"fields": ("round_robin",)}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ResponsePolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False  # without one, the promise would fall back to clock hours unannounced

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if saved := ResponsePolicy.objects.first():
            return redirect("admin:enquiries_responsepolicy_change", saved.pk)
        return redirect("admin:enquiries_responsepolicy_add")


@admin.register(TriageStaff)
class TriageStaffAdmin(admin.ModelAdmin):
    """Who takes new enquiries when the response policy shares them out."""

    list_display = ("user", "available", "last_assigned_at")
    list_editable = ("available",)
    list_select_related = ("user",)
    readonly_fields = ("last_assigned_at",)


admin.site.register(InboundMessage, InboundMessageAdmin)
admin.site.register(SavedReply, SavedReplyAdmin)
