"""The search index, and what editors keep to help patients' words find our pages.

The index holds one ``IndexEntry`` per search result (a page, or a part of a page with
its own anchor), grouped under the ``IndexedPage`` they came from. It is rebuilt from
the live pages themselves (``search.index``); nobody edits it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from search.text import normalise


class IndexedPage(models.Model):
    """A live page whose documents are in the index, and the version they were made from."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    version = models.DateTimeField(help_text="The page's “last changed” time when indexed.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_indexedpage_once_per_page"
            )
        ]

    def __str__(self):
        return f"{self.content_type.name} {self.object_id}"


class IndexEntry(models.Model):
    """One search result, with the words it is found by.

    On SQLite an FTS5 table (``search_indexentry_fts``, made by migration 0001) indexes
    the title and text of these rows; on PostgreSQL the query reads them directly.
    """

    page = models.ForeignKey(IndexedPage, on_delete=models.CASCADE, related_name="entries")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    kind = models.CharField(max_length=60)
    context = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    is_whole_page = models.BooleanField()

    class Meta:
        verbose_name_plural = "index entries"

    def __str__(self):
        return self.title


def normalised_term(value: str) -> str:
    term = normalise(value)
    if not term:
        raise ValidationError("Enter a word or phrase, in letters or numbers.")
    return term


class Synonym(models.Model):
    """A word patients use, and the words our pages use for the same thing."""

    term = models.CharField(
        "patients' word",
        max_length=60,
        unique=True,
        error_messages={"unique": "This word already has synonyms: edit that one."},
        help_text="A word or short phrase patients search for, e.g. tummy. Case does not matter.",
    )
    alternatives = models.CharField(
        "also search for",
        max_length=300,
        help_text=(
            "The words our pages use for it, separated by commas, e.g. abdomen, abdominal. "
            "A brand name can point to a treatment's name, e.g. Lutathera: 177Lu-octreotate."
        ),
    )

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term}: {self.alternatives}"

    def clean(self):
        super().clean()
        try:
            self.term = normalised_term(self.term)
        except ValidationError as error:
            raise ValidationError({"term": error}) from None
        alternatives = self.alternative_list
        if not alternatives:
            raise ValidationError({"alternatives": "Enter at least one word to search for."})
        self.alternatives = ", ".join(alternatives)

    @property
    def alternative_list(self) -> list[str]:
        return list(dict.fromkeys(filter(None, map(normalise, self.alternatives.split(",")))))


class PinnedPage(models.Model):
    """A page shown first whenever a search contains ``term``."""

    term = models.CharField(
        max_length=60,
        unique=True,
        error_messages={"unique": "A page is already pinned for this term."},
        help_text="A word or phrase, e.g. Lutathera. Searches containing it show the page first.",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["term"]
        verbose_name = "pinned result"

    def __str__(self):
        return self.term

    def clean(self):
        super().clean()
        try:
            self.term = normalised_term(self.term)
        except ValidationError as error:
            raise ValidationError({"term": error}) from None

    @cached_property
    def page(self) -> models.Model | None:
        """The pinned page if the public can see it now, else None."""
        model = self.content_type.model_class()
        return model and model.objects.published().filter(pk=self.object_id).first()


class UnansweredSearch(models.Model):
    """How many searches for a term found nothing on one day.

    Only the words, the day and the count: never who searched, from where, or when
    within the day.
    """

    term = models.CharField(max_length=100)
    day = models.DateField(default=timezone.localdate)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-count", "term"]
        verbose_name = "search that found nothing"
        verbose_name_plural = "searches that found nothing"
        constraints = [
            models.UniqueConstraint(fields=["term", "day"], name="search_unanswered_once_a_day")
        ]

    def __str__(self):
        return f"{self.term} ({self.day})"
