import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from genesis_site.privacy import EMAIL_ADDRESS, PHONE_NUMBER
from search.models import UnansweredSearch
from search.query import MAX_WORDS
from search.text import words

# Six digits or more, however spaced: a phone, NHS or hospital number, a date of birth.
IDENTIFYING_NUMBER = re.compile(r"(?:\d\D?){6}")


def unanswered_search_record(*, text: str) -> None:
    """Count one search for ``text`` that found nothing, under today's date.

    Searches count together by their words (case, spacing and punctuation aside). Nothing
    about who searched is stored. A search that looks like an email address or an
    identifying number is not counted at all: it says who someone is, not what patients
    look for.
    """
    if EMAIL_ADDRESS.search(text) or PHONE_NUMBER.search(text) or IDENTIFYING_NUMBER.search(text):
        return
    term = " ".join(words(text)[:MAX_WORDS])[: UnansweredSearch._meta.get_field("term").max_length]
    if not term:
        return
    today = timezone.localdate()
    counted = UnansweredSearch.objects.filter(term=term, day=today)
    if counted.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            UnansweredSearch.objects.create(term=term, day=today, count=1)
    except IntegrityError:
        counted.update(count=F("count") + 1)  # another search made today's row first
