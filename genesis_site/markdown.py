"""Editors write Markdown; patients get sanitised HTML.

Markdown allows raw HTML, so every rendering goes through nh3's allow-list: no
script, style, event-handler attribute or `javascript:` URL can reach a page
whatever an editor types. Headings start at h2 because each page's template owns
its single h1.

Pages do not convert Markdown while a patient waits: each Markdown field has a
``MarkdownHTMLField`` beside it that holds its sanitised HTML, rendered whenever the
row is written (a save, a draft copy, a publication or a restore), so a page view only
reads it.
"""

import threading

import markdown as markdown_lib
import nh3
from django.db import models
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

# Building a Markdown converter loads its extensions, which costs more than converting a
# page: each thread keeps one and resets it between texts (a converter is not thread-safe).
_converters = threading.local()


def _converter() -> markdown_lib.Markdown:
    if (converter := getattr(_converters, "converter", None)) is None:
        converter = _converters.converter = markdown_lib.Markdown(
            extensions=["tables", "sane_lists"]
        )
    return converter


def render_markdown(text: str) -> SafeString:
    html = _converter().reset().convert(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)


class MarkdownHTMLField(models.TextField):
    """The sanitised HTML of the Markdown in field ``source``, rendered when the row is written.

    Like ``auto_now``, the value comes from ``pre_save()``, which Django calls for
    ``save()`` and ``bulk_create()`` alike. ``QuerySet.update()`` does not call it, so a
    Markdown field is never changed that way (nothing in the site does).
    It is read back as safe HTML: nothing but render_markdown() ever writes it.
    """

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs | {"source": self.source}

    def pre_save(self, model_instance, add):
        html = render_markdown(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, html)
        return html

    def from_db_value(self, value, expression, connection):
        return mark_safe(value)


def render_stored_markdown(apps, schema_editor, *, app_label: str) -> None:
    """Fill every ``MarkdownHTMLField`` of an app's existing rows (a data migration)."""
    for model in apps.get_app_config(app_label).get_models():
        if model._meta.proxy:
            continue
        names = [f.name for f in model._meta.fields if isinstance(f, MarkdownHTMLField)]
        if names:
            for row in model._base_manager.using(schema_editor.connection.alias).iterator():
                row.save(update_fields=names)
