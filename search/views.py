from django.conf import settings
from django.template.defaultfilters import pluralize
from django.views.generic import TemplateView

from genesis_site.views import BreadcrumbsMixin, PageMetaMixin
from search.forms import SearchForm
from search.selectors import site_search
from search.services import unanswered_search_record


class SearchView(BreadcrumbsMixin, PageMetaMixin, TemplateView):
    """/search/?q=…: the results page. It sets no cookie; the words never reach a log."""

    template_name = "search/results.html"
    noindex = True  # results answer one visitor's words: search engines should not list them

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        found = site_search(text) if text else None
        if found is not None and found.query and not found.results:
            unanswered_search_record(text=text)
        self.page_title = results_heading(text, found)
        return super().get_context_data(form=form, q=text, found=found, **kwargs)

    @property
    def page_description(self):
        return (
            f"Search {settings.CLINIC['service_name']}'s pages about treatments, centres "
            "and specialists."
        )

    def get_breadcrumbs(self):
        return [("Search", None)]


def results_heading(text: str, found) -> str:
    """The page's title and h1: what was searched for and how many pages it found."""
    if found is None:
        return "Search this site"
    if found.results:
        return f"{len(found)} result{pluralize(len(found))} for “{text}”"
    return f"No results for “{text}”"
