from django.contrib import admin

from editorial.admin_workflow import PublishableAdmin
from glossary.models import GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(PublishableAdmin):
    list_display = ["term", "status_column", "draft_column", "next_review_due"]
    list_filter = ["status"]
    search_fields = ["term", "other_forms", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    readonly_fields = ["last_reviewed", "next_review_due", "updated_at"]
    fieldsets = [
        (None, {"fields": ["term", "slug", "other_forms", "definition"]}),
        (
            "Clinical review",
            {
                "fields": ["last_reviewed", "next_review_due", "updated_at"],
                "description": "A clinical reviewer sets the review dates when approving it.",
            },
        ),
    ]
