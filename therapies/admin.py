from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from editorial.admin_workflow import PageInline, PublishableAdmin
from genesis_site.admin import ReadOnlyAdmin
from therapies.models import (
    EvidenceSource,
    FrequentlyAskedQuestion,
    KeyFact,
    ReviewDue,
    SideEffect,
    Therapy,
    TherapySection,
)


class TherapySectionInline(PageInline, admin.StackedInline):
    model = TherapySection
    fields = ["order", "heading", "body"]


class KeyFactInline(PageInline, admin.TabularInline):
    model = KeyFact
    fields = ["order", "label", "value"]


class FrequentlyAskedQuestionInline(PageInline, admin.StackedInline):
    model = FrequentlyAskedQuestion
    fields = ["order", "question", "answer"]


class SideEffectInline(PageInline, admin.StackedInline):
    model = SideEffect
    fields = ["order", "name", "management"]


class EvidenceSourceInline(PageInline, admin.TabularInline):
    model = EvidenceSource
    fields = ["order", "title", "url", "date_checked"]


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Overdue or due within 30 days"), ("overdue", "Overdue")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_review()
        if self.value() == "overdue":
            return queryset.overdue_for_review()
        return queryset


class ReviewDatesMixin:
    @admin.display(description="review", ordering="next_review_due")
    def review_status(self, therapy):
        days = (therapy.next_review_due - timezone.localdate()).days
        if days < 0:
            return format_html('<span class="review--overdue">Overdue by {} days</span>', -days)
        if days == 0:
            return format_html('<span class="review--due">{}</span>', "Due today")
        if days <= 30:
            return format_html('<span class="review--due">Due in {} days</span>', days)
        return "Up to date"


@admin.register(Therapy)
class TherapyAdmin(ReviewDatesMixin, PublishableAdmin):
    list_display = [
        "title",
        "status_column",
        "draft_column",
        "reading_grade_column",
        "next_review_due",
        "review_status",
        "owner",
        "helpful",
    ]
    list_filter = ["status", ReviewDueFilter, "owner"]
    search_fields = ["title", "summary", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["last_reviewed", "next_review_due", "helpful", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "introduction", "call_to_action"]}),
        (
            "Owner and clinical review",
            {
                "fields": ["owner", "last_reviewed", "next_review_due", "helpful", "updated_at"],
                "description": (
                    "A clinical reviewer sets the review dates when approving the page."
                ),
            },
        ),
    ]
    inlines = [
        KeyFactInline,
        TherapySectionInline,
        SideEffectInline,
        FrequentlyAskedQuestionInline,
        EvidenceSourceInline,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("owner")
            .with_page_content()
            .with_feedback_counts()
        )

    @admin.display(description="was it helpful? (yes / no)")
    def helpful(self, therapy):
        if not hasattr(therapy, "helpful_yes"):
            therapy = Therapy.with_drafts.with_feedback_counts().get(pk=therapy.page_pk)
        return f"{therapy.helpful_yes} / {therapy.helpful_no}"


@admin.register(ReviewDue)
class ReviewDueAdmin(ReviewDatesMixin, ReadOnlyAdmin):
    """The review dashboard: published therapy pages overdue or due for review within 30 days."""

    list_display = ["page", "owner", "last_reviewed", "next_review_due", "review_status"]
    list_display_links = None
    list_filter = [ReviewDueFilter]
    list_select_related = ["owner"]
    ordering = ["next_review_due"]

    def get_queryset(self, request):
        return super().get_queryset(request).due_for_review()

    class Media:
        css = {"all": ["editorial/admin.css"]}

    @admin.display(description="page", ordering="title")
    def page(self, therapy):
        url = reverse("admin:therapies_therapy_change", args=[therapy.pk])
        return format_html('<a href="{}">{}</a>', url, therapy.title)
