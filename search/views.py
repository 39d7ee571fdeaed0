from django.views.generic import TemplateView

from genesis_site.views import BreadcrumbsMixin
from search.forms import SearchForm
from search.selectors import site_search
from search.services import unanswered_search_record


class SearchView(BreadcrumbsMixin, TemplateView):
    """/search/?q=…: the results page. It sets no cookie; the words never reach a log."""

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        found = site_search(text) if text else None
        if found is not None and found.query and not found.results:
            unanswered_search_record(text=text)
        return super().get_context_data(form=form, q=text, found=found, **kwargs)

    def get_breadcrumbs(self):
        return [("Search", None)]
