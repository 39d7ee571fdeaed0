from django.contrib import admin
from django.utils import timezone

from therapies.models import (
    FrequentlyAskedQuestion,
    KeyFact,
    SideEffect,
    SitePage,
    Therapy,
    TherapySection,
)


class TherapyPartInline:
    """Editors reorder the parts of a page by changing their order numbers."""

    extra = 0


class TherapySectionInline(TherapyPartInline, admin.StackedInline):
    model = TherapySection
    fields = ["order", "heading", "body"]


class KeyFactInline(TherapyPartInline, admin.TabularInline):
    model = KeyFact
    fields = ["order", "label", "value"]


class FrequentlyAskedQuestionInline(TherapyPartInline, admin.StackedInline):
    model = FrequentlyAskedQuestion
    fields = ["order", "question", "answer"]


class SideEffectInline(TherapyPartInline, admin.StackedInline):
    model = SideEffect
    fields = ["order", "name", "management"]


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Due or overdue")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_review()
        return queryset


@admin.register(Therapy)
class TherapyAdmin(admin.ModelAdmin):
    list_display = ["title", "is_published", "last_reviewed", "next_review_due", "review_status"]
    list_filter = ["is_published", ReviewDueFilter]
    search_fields = ["title", "summary", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "introduction", "call_to_action"]}),
        (
            "Publishing and clinical review",
            {"fields": ["is_published", "last_reviewed", "next_review_due", "updated_at"]},
        ),
    ]
    inlines = [
        KeyFactInline,
        TherapySectionInline,
        SideEffectInline,
        FrequentlyAskedQuestionInline,
    ]

    @admin.display(description="review", ordering="next_review_due")
    def review_status(self, therapy):
        return "Overdue" if therapy.next_review_due <= timezone.localdate() else "Up to date"


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
    fields = ["title", "slug", "summary", "body", "is_published", "updated_at"]
