from django.db import models
from django.urls import reverse


class CentreQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Centre(models.Model):
    name = models.CharField(max_length=120, help_text="e.g. GenesisCare Windsor.")
    slug = models.SlugField(unique=True, help_text="The page address: /centres/<slug>/.")
    enquiry_email = models.EmailField(
        "enquiry inbox",
        blank=True,
        help_text=(
            "Where new enquiries for this centre are notified. Blank: the clinic's default inbox."
        ),
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to hide the centre from the site."
    )

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centres:detail", kwargs={"slug": self.slug})
