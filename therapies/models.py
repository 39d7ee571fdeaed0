from django.db import models
from django.urls import reverse


class TherapyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Therapy(models.Model):
    title = models.CharField(
        max_length=120, help_text="As patients would say it, e.g. 177Lu-octreotate therapy."
    )
    slug = models.SlugField(unique=True, help_text="The page address: /therapies/<slug>/.")
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain-English sentences; also the search engine description.",
    )
    is_published = models.BooleanField("published", default=False)

    objects = TherapyQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "therapies"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("therapies:detail", kwargs={"slug": self.slug})
