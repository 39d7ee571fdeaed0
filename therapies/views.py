from django.conf import settings
from django.urls import reverse
from django.views.generic import DetailView, ListView

from centres.selectors import therapy_page_prefetches
from genesis_site.seo import PageMeta
from genesis_site.views import BreadcrumbsMixin
from therapies import structured_data
from therapies.models import SitePage, Therapy


class PageMetaMixin:
    """Give therapies/base_page.html its ``page_meta``: title, description, canonical, JSON-LD."""

    def get_page_meta(self) -> PageMeta:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_meta"] = self.get_page_meta()
        return context


class PublishedPageMixin(PageMetaMixin):
    """A Therapy or SitePage: public once published; before that, staff see a preview."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_structured_data(self) -> dict:
        raise NotImplementedError

    def get_page_meta(self):
        return PageMeta(
            title=self.object.title,
            description=self.object.summary,
            path=self.object.get_absolute_url(),
            og_type="article",
            noindex=not self.object.is_published,
            structured_data=self.get_structured_data(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published
        return context


class HomeView(BreadcrumbsMixin, PageMetaMixin, ListView):
    template_name = "therapies/home.html"
    context_object_name = "therapies"
    queryset = Therapy.objects.published()

    def get_page_meta(self):
        title = f"{settings.CLINIC['service_name']}: targeted treatment for cancer"
        return PageMeta(
            title=title,
            description=(
                "Theranostics finds cancer cells with a scan, then treats them with a medicine "
                "that carries radiation straight to them. Read about our treatments or ask us "
                "a question."
            ),
            path=self.request.path,
            structured_data=structured_data.therapy_list_page(
                self.object_list, path=self.request.path, title=title
            ),
        )


class TherapyListView(BreadcrumbsMixin, PageMetaMixin, ListView):
    queryset = Therapy.objects.published()
    title = "Therapies we offer"

    def get_breadcrumbs(self):
        return [("Therapies", None)]

    def get_page_meta(self):
        return PageMeta(
            title=self.title,
            description=(
                "The targeted cancer treatments our Theranostics service offers, explained in "
                "plain English: who they are for, what happens and how to ask us about them."
            ),
            path=self.request.path,
            structured_data=structured_data.therapy_list_page(
                self.object_list, path=self.request.path, title=self.title
            ),
        )


class TherapyDetailView(BreadcrumbsMixin, PublishedPageMixin, DetailView):
    queryset = Therapy.objects.with_page_content().prefetch_related(*therapy_page_prefetches())

    def get_breadcrumbs(self):
        return [("Therapies", reverse("therapies:list")), (self.object.title, None)]

    def get_structured_data(self):
        return structured_data.therapy_page(self.object)


class SitePageView(BreadcrumbsMixin, PublishedPageMixin, DetailView):
    model = SitePage
    context_object_name = "site_page"
    template_name = "therapies/site_page.html"

    def get_breadcrumbs(self):
        return [(self.object.title, None)]

    def get_structured_data(self):
        return structured_data.site_page(self.object)
