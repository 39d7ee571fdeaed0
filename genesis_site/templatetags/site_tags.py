from django import template

from genesis_site import seo
from genesis_site.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render editor-written Markdown as sanitised HTML: ``{{ therapy.introduction|markdown }}``."""
    return render_markdown(text)


@register.filter
def jsonld(data):
    """JSON safe inside ``<script type="application/ld+json">``, whatever editors typed."""
    return seo.json_for_script(data)


@register.filter
def breadcrumb_list(crumbs):
    """BreadcrumbsMixin's trail as schema.org data: ``{{ crumbs|breadcrumb_list|jsonld }}``."""
    return seo.breadcrumb_list(crumbs)
