from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve

from editorial.publishing import LivePagesManager, Publishable, PublishableQuerySet
from genesis_site.links import cached_reverse
from genesis_site.markdown import MARKDOWN_HELP, MarkdownHTMLField


class SitePage(Publishable):
    """A standalone page such as the privacy notice, served at /<slug>/."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(help_text="The end of the page address: privacy gives /privacy/.")
    summary = models.CharField(
        max_length=300, help_text="One sentence; also the search engine description."
    )
    body = models.TextField(help_text=MARKDOWN_HELP)
    shows_data_controller = models.BooleanField(
        "names who is responsible for personal data",
        default=False,
        help_text=(
            "Tick on the privacy notice: above the text, it names the data controller and the "
            "data protection contact, from the site's settings (CLINIC_DATA_CONTROLLER, "
            "CLINIC_DPO_EMAIL), so they are right whoever runs the site."
        ),
    )
    body_html = MarkdownHTMLField(source="body")
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = LivePagesManager.from_queryset(PublishableQuerySet)()
    with_drafts = PublishableQuerySet.as_manager()

    patient_text_fields = ("summary", "body")

    class Meta:
        ordering = ["title"]
        permissions = [("publish_sitepage", "Can publish site pages")]
        constraints = Publishable.Meta.constraints

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("pages:page", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug and not self._slug_reaches_this_page():
            raise ValidationError({"slug": "Another part of the site already uses this address."})

    def _slug_reaches_this_page(self) -> bool:
        # Routes such as /therapies/ or /admin/ come before the page route and would hide the page.
        try:
            return resolve(f"/{self.slug}/").view_name == "pages:page"
        except Resolver404:
            return False
