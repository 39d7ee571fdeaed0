from django.conf import settings
from django.utils import timezone
from django.views.generic import DetailView, ListView

from editorial.views import PublishedPageMixin
from genesis_site.seo import PageMeta
from genesis_site.views import BreadcrumbsMixin, PageMetaMixin
from pages import structured_data
from pages.models import SitePage
from therapies import structured_data as therapy_structured_data
from therapies.models import published_therapies


class HomeView(BreadcrumbsMixin, PageMetaMixin, ListView):
    template_name = "pages/home.html"
    context_object_name = "therapies"

    def get_queryset(self):
        return published_therapies.all(now=timezone.now())

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
            structured_data=therapy_structured_data.therapy_list_page(
                self.object_list, path=self.request.path, title=title
            ),
        )


class SitePageView(BreadcrumbsMixin, PublishedPageMixin, DetailView):
    model = SitePage
    context_object_name = "site_page"
    template_name = "pages/site_page.html"

    def get_breadcrumbs(self):
        return [(self.object.title, None)]

    def get_structured_data(self):
        return structured_data.site_page(self.object)
