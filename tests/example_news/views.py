from django.views.generic import DetailView

from editorial.views import PublishedPageMixin
from genesis_site.views import BreadcrumbsMixin
from tests.example_news.models import NewsPage


class NewsPageView(BreadcrumbsMixin, PublishedPageMixin, DetailView):
    model = NewsPage

    def get_breadcrumbs(self):
        return [("News", None), (self.object.title, None)]
