from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from genesis_site.admin import ReadOnlyAdmin
from search import registry
from search.models import PinnedPage, Synonym, UnansweredSearch


def page_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The pages on the site now, grouped by kind, as ``"<content type id>:<id>"`` values."""
    groups = []
    for page_type in registry.page_types():
        content_type = ContentType.objects.get_for_model(page_type.model)
        pages = [(f"{content_type.pk}:{page.pk}", str(page)) for page in page_type.live_pages()]
        groups.append((page_type.model._meta.verbose_name.capitalize(), pages))
    return groups


class PinnedPageForm(forms.ModelForm):
    page = forms.ChoiceField(help_text="Only the pages on the site now are listed.")

    class Meta:
        model = PinnedPage
        fields = ["term"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].choices = [("", "---------"), *page_choices()]
        if self.instance.pk:
            self.initial["page"] = f"{self.instance.content_type_id}:{self.instance.object_id}"

    def clean(self):
        cleaned_data = super().clean()
        if page := cleaned_data.get("page"):
            content_type_id, object_id = map(int, page.split(":"))
            self.instance.content_type_id, self.instance.object_id = content_type_id, object_id
        return cleaned_data


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "alternatives"]
    search_fields = ["term", "alternatives"]


@admin.register(PinnedPage)
class PinnedPageAdmin(admin.ModelAdmin):
    form = PinnedPageForm
    list_display = ["term", "page", "is_on_the_site"]
    list_select_related = ["content_type"]
    search_fields = ["term"]

    @admin.display(description="page")
    def page(self, pin):
        return pin.page or f"{pin.content_type.name} {pin.object_id}"

    @admin.display(boolean=True, description="on the site now")
    def is_on_the_site(self, pin):
        return pin.page is not None


@admin.register(UnansweredSearch)
class UnansweredSearchAdmin(ReadOnlyAdmin):
    """What patients looked for and did not find: a to-do list for editors.

    Only the words, the day and how many times; nothing about who searched.
    """

    list_display = ["term", "day", "count"]
    list_filter = ["day"]
    search_fields = ["term"]
    date_hierarchy = "day"
