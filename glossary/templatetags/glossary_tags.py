from django import template

from glossary.explain import Glossary

register = template.Library()

# Where a page's Glossary is kept while the page renders: one per page, so each term is
# explained once however many of the page's texts use it.
GLOSSARY_KEY = "glossary.explain.Glossary"


@register.simple_tag(takes_context=True)
def explained(context, html):
    """The sanitised HTML of editors' Markdown (a ``MarkdownHTMLField``), with glossary terms
    explained where they first appear on the page: ``{% explained section.body_html %}``."""
    return _page_glossary(context).explain(html)


@register.simple_tag(takes_context=True)
def glossary_version(context) -> int:
    """A number that changes with the published glossary, for ``{% rendered_once %}`` around
    texts whose terms it explains: ``{% glossary_version as glossary %}``."""
    return _page_glossary(context).version


def _page_glossary(context) -> Glossary:
    glossary = context.render_context.get(GLOSSARY_KEY)
    if glossary is None:
        glossary = context.render_context[GLOSSARY_KEY] = Glossary.published()
    return glossary
