"""What site pages offer to site search (see search.registry)."""

from pages.models import SitePage
from search.registry import Document, register


def site_page_documents(pages):
    for page in pages:
        yield Document(
            page=page,
            title=page.title,
            url=page.get_absolute_url(),
            text=f"{page.summary}\n\n{page.body}",
            kind="Page",
        )


register(SitePage, site_page_documents)
