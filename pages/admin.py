from django.contrib import admin

from editorial.admin_workflow import PublishableAdmin
from pages.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(PublishableAdmin):
    list_display = ["title", "slug", "status_column", "draft_column", "reading_grade_column"]
    list_filter = ["status"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
    fieldsets = [(None, {"fields": ["title", "slug", "summary", "body", "updated_at"]})]
