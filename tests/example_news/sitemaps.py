from editorial.sitemaps import PublishedSitemap
from tests.example_news.models import NewsPage


class NewsPageSitemap(PublishedSitemap):
    model = NewsPage
