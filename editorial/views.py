from editorial.preview import PreviewMixin
from genesis_site.seo import PageMeta
from genesis_site.views import PageMetaMixin


class PublishedPageMixin(PreviewMixin, PageMetaMixin):
    """The public page of a page type with a title and a summary, or its preview for editors.

    A view may override ``get_structured_data()`` to describe its page to search engines in
    schema.org JSON-LD.
    """

    def get_structured_data(self) -> dict | None:
        return None

    def get_page_meta(self):
        return PageMeta(
            title=self.object.title,
            description=self.object.summary,
            path=self.object.get_absolute_url(),
            og_type="article",
            noindex=not self.object.is_live(),
            structured_data=self.get_structured_data(),
        )
