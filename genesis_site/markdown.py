"""Editors write Markdown; patients get sanitised HTML.

Markdown allows raw HTML, so every rendering goes through nh3's allow-list: no
script, style, event-handler attribute or `javascript:` URL can reach a page
whatever an editor types. Headings start at h2 because each page's template owns
its single h1.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# The help text of every field editors write in Markdown.
MARKDOWN_HELP = (
    "Plain English in Markdown: a blank line starts a new paragraph, *italic*, **bold**, "
    "'- ' starts a bullet, [words](https://example.org) makes a link, ### a sub-heading."
)


def render_markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
