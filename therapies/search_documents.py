"""What therapy pages offer to site search (see search.registry)."""

from search.registry import Document, register
from therapies.models import Therapy


def therapy_documents(therapies):
    """Each therapy page, and the parts of it with their own anchor on the page
    (templates/therapies/therapy_detail.html): sections, side effects, each question."""
    for therapy in therapies.with_page_content():
        url = therapy.get_absolute_url()
        facts = [f"{fact.label}: {fact.value}." for fact in therapy.key_facts.all()]
        yield Document(
            page=therapy,
            title=therapy.title,
            url=url,
            text="\n\n".join([therapy.summary, therapy.introduction, *facts]),
            kind="Therapy page",
        )
        part = {"page": therapy, "context": therapy.title}
        for number, section in enumerate(therapy.sections.all(), start=1):
            yield Document(
                title=section.heading,
                url=f"{url}#section-{number}",
                text=section.body,
                kind="Section",
                **part,
            )
        if side_effects := therapy.side_effects.all():
            yield Document(
                title="Side effects and how we help",
                url=f"{url}#side-effects",
                text="\n\n".join(f"{effect.name}: {effect.management}" for effect in side_effects),
                kind="Section",
                **part,
            )
        for faq in therapy.faqs.all():
            yield Document(
                title=faq.question,
                url=f"{url}#questions",
                text=faq.answer,
                kind="Question",
                **part,
            )


register(Therapy, therapy_documents)
