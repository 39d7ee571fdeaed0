"""What the centres list shows for a patient's therapy and town or postcode."""

from dataclasses import dataclass

from centres.models import Centre
from centres.places import Place, find_place
from therapies.models import Therapy


@dataclass
class CentreSearch:
    """The centres a search on /centres/ shows, and how it read what was typed."""

    centres: list[Centre]
    place: Place | None = None  # a town or postcode we know: centres are nearest first
    is_unknown_place: bool = False  # words that are no place we know and match no centre


def centres_search(centres, *, therapy: Therapy | None = None, text: str = "") -> CentreSearch:
    """``centres`` (with their listing prefetches) for a patient's therapy and town or postcode.

    A town or postcode we know keeps every centre and sorts them nearest first, each with
    its ``miles``. Other words must be in a centre's name or address; if they are in none,
    every centre is shown, with a message.
    """
    if therapy is not None:
        centres = centres.offering(therapy)
    if not text:
        return CentreSearch(with_distances(centres))
    if place := find_place(text):
        return CentreSearch(with_distances(centres, place), place=place)
    if matching := with_distances(centres.search(text)):
        return CentreSearch(matching)
    return CentreSearch(with_distances(centres), is_unknown_place=True)


def with_distances(centres, place: Place | None = None) -> list[Centre]:
    """``centres`` as a list, each with ``miles`` from ``place``, nearest first.

    ``miles`` is None without a place, or for a centre without coordinates (listed last).
    """
    centres = list(centres)
    for centre in centres:
        centre.miles = (
            place.miles_to(centre.latitude, centre.longitude)
            if place and centre.has_location
            else None
        )
    return sorted(centres, key=lambda centre: (centre.miles is None, centre.miles or 0))
