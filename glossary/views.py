from itertools import groupby

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView

from editorial.views import PublishedPageMixin
from genesis_site.seo import PageMeta
from genesis_site.views import BreadcrumbsMixin, PageMetaMixin
from glossary.models import GlossaryTerm


class GlossaryView(BreadcrumbsMixin, PageMetaMixin, ListView):
    """Every published term from A to Z, each with an anchor pages link to."""

    queryset = GlossaryTerm.objects.published()
    template_name = "glossary/glossary.html"
    title = "Medical words explained"

    def get_breadcrumbs(self):
        return [("Glossary", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = sorted(self.object_list, key=lambda term: term.term.casefold())
        context["letters"] = [
            (letter, list(group)) for letter, group in groupby(terms, lambda t: t.index_letter)
        ]
        context["title"] = self.title
        return context

    def get_page_meta(self):
        return PageMeta(
            title=self.title,
            description=(
                "The medical words on our pages, from A to Z, each explained in everyday English."
            ),
            path=self.request.path,
        )


class GlossaryTermView(BreadcrumbsMixin, PublishedPageMixin, DetailView):
    """One term on its own page: what editors preview, and an address to share."""

    model = GlossaryTerm
    context_object_name = "term"

    def get_breadcrumbs(self):
        return [("Glossary", reverse("glossary:index")), (self.object.term, None)]

    def get_page_meta(self):
        definition = strip_tags(self.object.definition_html).strip()
        return PageMeta(
            title=f"{self.object.term}: what it means",
            description=Truncator(definition).chars(160),
            path=self.object.get_absolute_url(),
            noindex=not self.object.is_live(),
        )
