from django import template

from genesis_site.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render editor-written Markdown as sanitised HTML: ``{{ therapy.introduction|markdown }}``."""
    return render_markdown(text)
