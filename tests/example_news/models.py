from django.db import models
from django.urls import reverse

from editorial.publishing import LivePagesManager, Publishable, PublishableQuerySet
from genesis_site.markdown import MARKDOWN_HELP, MarkdownHTMLField


class NewsPage(Publishable):
    title = models.CharField(max_length=120)
    slug = models.SlugField(help_text="The end of the page address: opening gives /news/opening/.")
    summary = models.CharField(max_length=300, help_text="Also the search engine description.")
    body = models.TextField(help_text=MARKDOWN_HELP)
    body_html = MarkdownHTMLField(source="body")
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = LivePagesManager.from_queryset(PublishableQuerySet)()
    with_drafts = PublishableQuerySet.as_manager()

    patient_text_fields = ("summary", "body")

    class Meta:
        ordering = ["-updated_at"]
        permissions = [("publish_newspage", "Can publish news pages")]
        constraints = Publishable.Meta.constraints

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:page", kwargs={"slug": self.slug})
