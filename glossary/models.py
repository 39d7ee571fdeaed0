"""Medical words explained in plain English, where they stand on a page and in an A to Z.

A definition is health information, so a term goes through the same clinical approval as a
therapy page (``needs_clinical_approval``): drafts, review, history and review dates.
"""

from django.db import models
from django.utils import timezone

from editorial.publishing import (
    LivePagesManager,
    Publishable,
    PublishableQuerySet,
    a_year_from_today,
)
from genesis_site.links import cached_reverse
from genesis_site.markdown import MARKDOWN_HELP, MarkdownHTMLField


class GlossaryTerm(Publishable):
    term = models.CharField(
        max_length=80,
        help_text="As the glossary lists it, e.g. Neuroendocrine tumour. Pages using it are "
        "matched whatever its capitals, unless it is written in capitals only (PRRT).",
    )
    slug = models.SlugField(
        help_text="The end of its address: prrt gives /glossary/prrt/ and /glossary/#prrt."
    )
    other_forms = models.TextField(
        "other forms",
        blank=True,
        help_text=(
            "Other ways pages write it, one per line: plurals, abbreviations, the words "
            "patients use, e.g. neuroendocrine tumours, NET, NETs. A form in capitals only "
            "(NET) matches only in capitals, so it does not explain the word “net”."
        ),
    )
    definition = models.TextField(
        help_text="One to three short sentences in everyday words. " + MARKDOWN_HELP
    )
    definition_html = MarkdownHTMLField(source="definition")
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text="Set when a clinical reviewer approves the term.",
    )
    next_review_due = models.DateField(
        default=a_year_from_today,
        help_text="Chosen by the clinical reviewer when approving; after the last review.",
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = LivePagesManager.from_queryset(PublishableQuerySet)()
    with_drafts = PublishableQuerySet.as_manager()

    patient_text_fields = ("definition",)
    needs_clinical_approval = True

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"
        permissions = [("publish_glossaryterm", "Can approve and publish glossary terms")]
        constraints = Publishable.Meta.constraints

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return cached_reverse("glossary:term", kwargs={"slug": self.slug})

    def get_index_url(self):
        """Its entry on the A to Z page."""
        return f"{cached_reverse('glossary:index')}#{self.slug}"

    @property
    def forms(self) -> list[str]:
        """Every way a page may write the term: the term itself first."""
        others = (line.strip() for line in self.other_forms.splitlines())
        return [self.term.strip(), *(form for form in others if form)]

    @property
    def index_letter(self) -> str:
        """The A to Z heading it is listed under: its first letter, or 0–9."""
        first = self.term.strip()[:1].upper()
        return first if first.isalpha() else "0–9"
