from editorial.preview import PreviewMixin
from genesis_site.seo import PageMeta
from genesis_site.views import PageMetaMixin


class PublishedPageMixin(PreviewMixin, PageMetaMixin):
    """The public page of a page type, or its preview for editors.

    Its title and description are the page's ``title`` and ``summary`` unless the view
    overrides ``get_page_title()`` and ``get_page_description()``. A view may override
    ``get_structured_data()`` to describe its page to search engines in schema.org JSON-LD.
    """

    og_type = "article"

    def get_page_title(self) -> str:
        return self.object.title

    def get_page_description(self) -> str:
        return self.object.summary

    def get_structured_data(self) -> dict | None:
        return None

    def get_page_meta(self):
        return PageMeta(
            title=self.get_page_title(),
            description=self.get_page_description(),
            path=self.object.get_absolute_url(),
            og_type=self.og_type,
            noindex=not self.object.is_live(),
            structured_data=self.get_structured_data(),
        )
