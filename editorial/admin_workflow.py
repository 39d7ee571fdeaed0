"""The editorial workflow in the admin, shared by therapy pages, site pages, centres, specialists.

The changelist lists the pages themselves. Opening a published page shows it read-only with an
"Edit a draft" button; once it has a draft, opening it goes straight to the draft, which is a
normal admin form with its inlines. Buttons at the bottom save the draft, submit it for
clinical review (therapy pages), or lead to the page where a reviewer or publisher sees what
changed and publishes it (or sends it back). Every step goes through editorial.services, which
checks permissions and records the page's history.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from editorial import compare, content, plain_english, services
from editorial.forms import PageAdminForm, PublishForm
from editorial.models import Revision
from editorial.publishing import Publishable, Status


class PageInline:
    """An inline part of a publishable page: read-only while the page itself is locked."""

    extra = 0

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_editable)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)


@dataclass(frozen=True)
class Panel:
    """What the top and bottom of a page's admin form say and offer."""

    status: str
    findings: plain_english.Findings
    last_approval: Revision | None = None
    preview_url: str = ""
    history_url: str = ""
    changes_url: str = ""
    changes_label: str = ""
    start_draft_url: str = ""
    publish_label: str = ""
    can_submit: bool = False
    archive_url: str = ""
    discard_url: str = ""


class PublishableAdmin(admin.ModelAdmin):
    form = PageAdminForm
    change_form_template = "editorial/admin/change_form.html"

    class Media:
        css = {"all": ["editorial/admin.css"]}

    # --- Reading the pages ---

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("draft")

    def get_object(self, request, object_id, from_field=None):
        """Any row, draft copies included: the changelist lists pages, the form edits drafts."""
        try:
            return self.model.with_drafts.get(pk=self.model._meta.pk.to_python(object_id))
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_live() else obj.get_preview_url()

    def may(self, request, action: str) -> bool:
        return services.may(request.user, action, self.model)

    def may_edit_or_publish(self, request) -> bool:
        return self.may(request, "change") or self.may(request, "publish")

    def has_view_permission(self, request, obj=None):
        # Content in the admin is for those who write or approve it; a view permission alone
        # (someone in triage, say) shows them no page, draft or history.
        return self.may_edit_or_publish(request)

    def has_change_permission(self, request, obj=None):
        # A published or archived page is changed through a draft, never in place.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        # A draft copy is discarded with its own button, which records it in the history.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not obj.is_draft_copy)

    # --- Changelist columns ---

    @admin.display(description="status", ordering="status")
    def status_column(self, page):
        return status_text(page, short=True)

    @admin.display(description="unpublished changes")
    def draft_column(self, page):
        draft = page.get_draft()
        if draft is None:
            return "None"
        if draft.status == Status.SCHEDULED and draft.go_live_at:
            return f"Goes live {when(draft.go_live_at)}"
        return draft.get_status_display()

    @admin.display(description="reading grade")
    def reading_grade_column(self, page):
        grade = plain_english.reading_grade(page.patient_text())
        if grade is None:
            return "Too short"
        if grade > plain_english.READING_GRADE_TARGET:
            return format_html('<span class="reading-grade--high">⚠ {}</span>', grade)
        return str(grade)

    # --- The change form ---

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            *super().get_fieldsets(request, obj),
            (
                "Publishing schedule",
                {
                    "fields": ["go_live_at", "take_down_at"],
                    "description": (
                        "Leave both empty to publish straight away and keep the page up. "
                        "Times are UK time."
                    ),
                },
            ),
        ]
        if self.has_change_permission(request, obj):
            fieldsets.append(("Your change", {"fields": ["change_note"]}))
        return fieldsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, unquote(object_id))
        if page is not None and self.may(request, "change") and (draft := page.get_draft()):
            return redirect(self.admin_url("change", draft))
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["publishing"] = self.panel(request, obj) if obj is not None else None
        context["needs_clinical_approval"] = self.model.needs_clinical_approval
        return super().render_change_form(request, context, add, change, form_url, obj)

    def panel(self, request, page: Publishable) -> Panel:
        may_edit, may_publish = self.may(request, "change"), self.may(request, "publish")
        editor = may_edit or may_publish
        clinical = page.needs_clinical_approval

        def url(name: str, allowed: bool) -> str:
            return self.admin_url(name, page) if allowed else ""

        return Panel(
            status=status_text(page),
            findings=plain_english.check(page),
            last_approval=changes_baseline(page) if clinical else None,
            preview_url=page.get_preview_url() if editor else "",
            history_url=url("history", editor),
            changes_url=url("changes", editor),
            changes_label=changes_label(page),
            start_draft_url=url("start_draft", may_edit and not page.is_editable),
            publish_label=(
                f"Save and review for {'approval' if clinical else 'publishing'}"
                if may_publish and page.is_editable
                else ""
            ),
            can_submit=clinical and may_edit and page.status == Status.DRAFT,
            archive_url=url("archive", may_publish and page.live_page.status == Status.PUBLISHED),
            discard_url=url("discard", may_edit and page.is_draft_copy),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        page = form.instance
        services.draft_saved(draft=page, by=request.user, note=form.cleaned_data["change_note"])
        next_step = (
            "submit it for clinical review" if page.needs_clinical_approval else "publish it"
        )
        self.message_user(
            request,
            f"The public page has not changed: preview this draft, then {next_step}.",
            messages.INFO,
        )
        for warning in plain_english.check(page).warnings:
            self.message_user(request, warning, messages.WARNING)

    def response_add(self, request, obj, post_url_continue=None):
        return self.after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.after_save(request, obj) or super().response_change(request, obj)

    def after_save(self, request, page):
        """The workflow buttons that save first: submit for review, or go on to publishing."""
        if "_submit" in request.POST:
            try:
                services.submit_for_review(draft=page, by=request.user)
            except services.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    "Submitted for clinical review. A clinical reviewer will approve it or send "
                    "it back to you.",
                    messages.SUCCESS,
                )
            return redirect(self.admin_url("change", page))
        if "_review" in request.POST:
            return redirect(self.admin_url("publish", page))
        return None

    # --- Workflow pages ---

    def get_urls(self):
        views = [
            ("edit/", self.start_draft_view, "start_draft"),
            ("publish/", self.publish_view, "publish"),
            ("changes/", self.changes_view, "changes"),
            ("archive/", self.archive_view, "archive"),
            ("discard/", self.discard_view, "discard"),
            ("history/compare/", self.compare_view, "compare"),
        ]
        info = self.opts.app_label, self.opts.model_name
        return [
            *(
                path(
                    f"<path:object_id>/{route}",
                    self.admin_site.admin_view(view),
                    name="{}_{}_{}".format(*info, name),
                )
                for route, view, name in views
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def admin_url(self, name: str, page: Publishable, *args) -> str:
        info = self.opts.app_label, self.opts.model_name, name
        return reverse("admin:{}_{}_{}".format(*info), args=[page.pk, *args])

    def editor_page(self, request, object_id, action: str = "") -> Publishable:
        """The row named in the URL, for someone who may ``action`` (else edit or publish)."""
        allowed = self.may(request, action) if action else self.may_edit_or_publish(request)
        if not allowed:
            raise PermissionDenied
        page = self.get_object(request, unquote(object_id))
        if page is None:
            raise Http404
        return page

    def workflow_context(self, request, page: Publishable, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "title": title,
            "change_url": self.admin_url("change", page),
            **extra,
        }

    def start_draft_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        page = self.editor_page(request, object_id, "change")
        draft = services.draft_start(page=page, by=request.user)
        self.message_user(
            request,
            "You are editing a draft. The public keeps seeing the published page until this "
            "draft is published.",
            messages.INFO,
        )
        return redirect(self.admin_url("change", draft))

    def publish_view(self, request, object_id):
        page = self.editor_page(request, object_id, "publish")
        if not page.is_editable:
            self.message_user(request, "This page has no changes waiting to be published.")
            return redirect(self.admin_url("change", page))
        revisions = Revision.objects.for_page(page)
        latest = revisions.values_list("pk", flat=True).first()
        form = PublishForm(request.POST or None, page=page, latest_revision_id=latest)
        clinical = page.needs_clinical_approval
        refusal = services.approval_refusal(draft=page, by=request.user) if clinical else ""
        if refusal:
            # Only "Return to the editor" is on offer, and it needs no review date.
            del form.fields["next_review_due"]
        if request.method == "POST" and form.is_valid():
            return self.publish_decided(request, page, form.cleaned_data)
        since = changes_baseline(page)
        return TemplateResponse(
            request,
            "editorial/admin/publish.html",
            self.workflow_context(
                request,
                page,
                f"{'Clinical review' if clinical else 'Publish'}: {page}",
                form=form,
                since=since,
                rows=changed_rows(page, since),
                findings=plain_english.check(page),
                submitted=revisions.filter(kind=Revision.Kind.SUBMITTED).first(),
                preview_url=page.get_preview_url(),
                needs_clinical_approval=clinical,
                approval_refusal=refusal,
                media=self.media + form.media,
            ),
        )

    def publish_decided(self, request, page, decision):
        note = decision["note"]
        try:
            if decision["action"] == PublishForm.Action.RETURN:
                services.return_to_editor(draft=page, by=request.user, note=note)
                self.message_user(request, "Returned to the editor with your note.")
                return redirect(self.admin_url("change", page))
            revision = services.publish(
                draft=page,
                by=request.user,
                note=note,
                next_review_due=decision.get("next_review_due"),
            )
        except services.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(self.admin_url("change", page))
        live = revision.page
        waiting = live.get_draft() or live
        done = "Approved and published" if live.needs_clinical_approval else "Published"
        if waiting.go_live_at and waiting.go_live_at > timezone.now():
            done += f": it goes live {when(waiting.go_live_at)}"
        self.message_user(request, f"{done}.", messages.SUCCESS)
        return redirect(self.admin_url("change", live))

    def changes_view(self, request, object_id):
        page = self.editor_page(request, object_id)
        since = changes_baseline(page)
        current = page.get_draft() or page
        return TemplateResponse(
            request,
            "editorial/admin/changes.html",
            self.workflow_context(
                request,
                current,
                f"{changes_label(page)}: {page}",
                since=since,
                rows=changed_rows(current, since),
                history_url=self.admin_url("history", page),
            ),
        )

    def confirm_view(self, request, page, *, title, question, button, action, done, next_page):
        """Ask first (GET); on POST do ``action()``, say ``done`` and go to ``next_page``."""
        if request.method != "POST":
            return TemplateResponse(
                request,
                "editorial/admin/confirm.html",
                self.workflow_context(request, page, title, question=question, button=button),
            )
        try:
            action()
        except services.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect(self.admin_url("change", next_page))

    def archive_view(self, request, object_id):
        page = self.editor_page(request, object_id, "publish").live_page
        return self.confirm_view(
            request,
            page,
            title=f"Take “{page}” off the site",
            question=(
                "The page leaves the site now, and its address shows “page not found”. Its "
                "history is kept, and it can be published again later."
            ),
            button="Take it off the site",
            action=lambda: services.archive(page=page, by=request.user),
            done=f"“{page}” is off the site.",
            next_page=page,
        )

    def discard_view(self, request, object_id):
        draft = self.editor_page(request, object_id, "change")
        return self.confirm_view(
            request,
            draft,
            title=f"Discard the draft of “{draft}”",
            question="Every change in this draft will be lost. The published page stays as it is.",
            button="Discard the draft",
            action=lambda: services.discard_draft(draft=draft, by=request.user),
            done="The draft is discarded.",
            next_page=draft.live_page,
        )

    def history_view(self, request, object_id, extra_context=None):
        page = self.editor_page(request, object_id)
        revisions = Revision.objects.for_page(page).select_related("created_by")
        return TemplateResponse(
            request,
            "editorial/admin/history.html",
            self.workflow_context(
                request,
                page,
                f"History: {page}",
                revisions=revisions,
                compare_url=self.admin_url("compare", page),
                may_restore=self.may(request, "change"),
            ),
        )

    def compare_view(self, request, object_id):
        page = self.editor_page(request, object_id)
        revisions = Revision.objects.for_page(page).select_related("created_by")
        ids = [request.GET.get("a", ""), request.GET.get("b", "")]
        if not all(id.isdigit() for id in ids):
            raise Http404
        older, newer = sorted(
            (get_object_or_404(revisions, pk=id) for id in ids),
            key=lambda revision: (revision.created_at, revision.pk),
        )
        return TemplateResponse(
            request,
            "editorial/admin/compare.html",
            self.workflow_context(
                request,
                page,
                f"Compare versions: {page}",
                older=older,
                newer=newer,
                rows=compare.compare(self.model, older.content, newer.content),
                history_url=self.admin_url("history", page),
            ),
        )

    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        page = self.editor_page(request, object_id, "change")
        revision = get_object_or_404(Revision.objects.for_page(page), pk=revision_id)
        draft = services.restore(revision=revision, by=request.user)
        self.message_user(
            request,
            "The draft now has the content of that version. Check it and preview it; the "
            "published page changes only when the draft is "
            + ("approved." if draft.needs_clinical_approval else "published."),
            messages.SUCCESS,
        )
        return redirect(self.admin_url("change", draft))


def changes_label(page: Publishable) -> str:
    if page.needs_clinical_approval:
        return "Changes since last clinical approval"
    return "Changes since published"


def when(moment) -> str:
    return f"{timezone.localtime(moment):%d %B %Y at %H:%M}"


def status_text(page: Publishable, *, short: bool = False) -> str:
    """Where ``page`` is in the workflow, in words."""
    now = timezone.now()
    label = page.get_status_display()
    if page.status == Status.PUBLISHED:
        if page.go_live_at and page.go_live_at > now:
            return f"{label}, goes live {when(page.go_live_at)}"
        if page.take_down_at:
            return f"{label} until {when(page.take_down_at)}"
        return label if short else f"{label}: on the site."
    if short:
        return label
    if page.is_draft_copy:
        scheduled = (
            f" Approved to go live {when(page.go_live_at)}."
            if page.status == Status.SCHEDULED and page.go_live_at
            else ""
        )
        return (
            f"{label}: a draft of the published page. The public keeps seeing the published "
            f"page until this draft is published.{scheduled}"
        )
    if page.status == Status.ARCHIVED:
        return f"{label}: off the site."
    return f"{label}: not on the site yet."


def changes_baseline(page: Publishable) -> Revision | None:
    """The version changes are measured from: the last clinical approval (therapy pages) or
    the last time the page went live."""
    revisions = Revision.objects.for_page(page).select_related("created_by")
    if page.needs_clinical_approval:
        return revisions.approvals().first()
    return revisions.filter(kind=Revision.Kind.PUBLISHED).first()


def changed_rows(page: Publishable, since: Revision | None) -> list[compare.Row]:
    before = since.content if since else {"fields": {}, "parts": {}}
    rows = compare.compare(type(page), before, content.snapshot(page))
    return [row for row in rows if row.changed]
