from django.contrib import admin

from editorial.admin_workflow import PublishableAdmin
from tests.example_news.models import NewsPage


@admin.register(NewsPage)
class NewsPageAdmin(PublishableAdmin):
    list_display = ["title", "status_column", "draft_column", "reading_grade_column"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [(None, {"fields": ["title", "slug", "summary", "body"]})]
