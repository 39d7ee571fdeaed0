"""Read a rendered page the way a keyboard or screen-reader user meets it."""

from html.parser import HTMLParser
from typing import NamedTuple

# Elements with no end tag.
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class Link(NamedTuple):
    href: str
    text: str
    landmark: str
    aria_current: str | None


class PageOutline(HTMLParser):
    """Landmarks, headings, links and focusable elements of one HTML page, in order.

    ``focusable`` lists ``(tag, attrs)`` for everything Tab can reach. A link's
    landmark is the ``aria-label`` of the enclosing <nav>, or "header", "main" or "footer".
    """

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.focusable: list[tuple[str, dict]] = []
        self.headings: list[tuple[str, str]] = []
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.style_attributes = 0
        self.style_elements = 0
        self.inline_scripts = 0
        self._open: list[tuple[str, dict]] = []
        self._text: list[list[str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "style" in attrs:
            self.style_attributes += 1
        if tag == "style":
            self.style_elements += 1
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.inline_scripts += 1
        if self._is_focusable(tag, attrs):
            self.focusable.append((tag, attrs))
        if tag in VOID_ELEMENTS:
            return
        self._open.append((tag, attrs))
        self._text.append([])

    def handle_endtag(self, tag):
        while self._open:
            open_tag, attrs = self._open.pop()
            text = " ".join("".join(self._text.pop()).split())
            if self._text:
                self._text[-1].append(f" {text} ")
            if open_tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                self.headings.append((open_tag, text))
            if open_tag == "a" and "href" in attrs:
                link = Link(attrs["href"], text, self._landmark(), attrs.get("aria-current"))
                self.links.append(link)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._text:
            self._text[-1].append(data)

    def h1s(self) -> list[str]:
        return [text for tag, text in self.headings if tag == "h1"]

    def links_in(self, landmark: str) -> dict[str, str]:
        """``{link text: href}`` for the links inside one landmark."""
        return {link.text: link.href for link in self.links if link.landmark == landmark}

    def _landmark(self) -> str:
        for tag, attrs in reversed(self._open):
            if tag == "nav":
                return attrs.get("aria-label", "nav")
            if tag in {"header", "main", "footer"}:
                return tag
        return ""

    @staticmethod
    def _is_focusable(tag, attrs) -> bool:
        if "disabled" in attrs or attrs.get("tabindex") == "-1":
            return False
        if tag == "a":
            return "href" in attrs
        if tag == "input":
            return attrs.get("type") != "hidden"
        return tag in {"button", "select", "textarea", "summary"} or "tabindex" in attrs
