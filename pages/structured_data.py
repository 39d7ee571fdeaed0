"""schema.org descriptions of the site pages, for search engines (rendered as JSON-LD)."""

from genesis_site.seo import SCHEMA_ORG, absolute_url
from pages.models import SitePage
from therapies.structured_data import medical_clinic


def site_page(page: SitePage) -> dict:
    return {
        "@context": SCHEMA_ORG,
        "@type": "WebPage",
        "url": absolute_url(page.get_absolute_url()),
        "name": page.title,
        "description": page.summary,
        "inLanguage": "en-GB",
        "dateModified": page.updated_at,
        "publisher": medical_clinic(),
    }
