from editorial.demo import record_demo_publication
from editorial.publishing import Status
from tests.example_news.models import NewsPage


def load() -> int:
    page, created = NewsPage.objects.get_or_create(
        slug="new-scanner",
        defaults={
            "title": "Our new PET/CT scanner",
            "summary": "Scans at Windsor are now quicker and need a smaller dose of tracer.",
            "body": "From March, scans take about 20 minutes.",
            "status": Status.PUBLISHED,
        },
    )
    if created:
        record_demo_publication(page)
    return int(created)
