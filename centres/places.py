"""Where a patient is, from what they type: a town, a postcode district or a full postcode.

Looked up on our own server in two files bundled with the code, never by asking another
service (what a patient types says where they live):

- ``data/gb_places.csv``: UK towns and villages of 1,000 people or more with coordinates,
  from GeoNames (see its header; written by ``manage.py update_gazetteer``).
- ``data/postcode_districts.csv``: the post town of every postcode area, and of the
  postcode districts around our centres (see its header).

A postcode finds its district's post town, or else its area's, so distances from a
postcode are from the middle of that town: "about", and in a straight line.
"""

import csv
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
GAZETTEER_FILE = DATA_DIR / "gb_places.csv"
POSTCODES_FILE = DATA_DIR / "postcode_districts.csv"

EARTH_RADIUS_MILES = 3958.8
# A district's post town is the place of that name nearest its area's main town, and no
# further than this: there are three Hooks and two Ashfords.
DISTRICT_WITHIN_MILES = 40

# A postcode as patients type it, spaces and case aside: the outward code (area letters and
# district) and, optionally, the inward code.
POSTCODE = re.compile(r"(?P<area>[A-Z]{1,2})(?P<district>[0-9][A-Z0-9]?)(?:[0-9][A-Z]{2})?")


@dataclass(frozen=True)
class Place:
    name: str  # what the distances are measured from, for the patient: "Windsor (SL4)"
    latitude: float
    longitude: float

    def miles_to(self, latitude: float, longitude: float) -> float:
        return miles_between(self.latitude, self.longitude, float(latitude), float(longitude))


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle ("as the crow flies") distance by the haversine formula; roads are longer.

    static/js/centres-distance.js does the same sum in the browser for "Use my location",
    whose position never leaves the page.
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(half_chord))


def distance_text(miles: float) -> str:
    """As centres-distance.js words it: "Less than 1 mile", "About 2.3 miles", "About 12 miles"."""
    if miles < 1:
        return "Less than 1 mile away"
    rounded = f"{miles:.1f}" if miles < 10 else f"{round(miles)}"
    return f"About {rounded} miles away (in a straight line)"


def find_place(text: str) -> Place | None:
    """The place ``text`` names (a postcode, then a town), or None if we do not know it."""
    compact = "".join(text.split()).upper()
    if match := POSTCODE.fullmatch(compact):
        return _postcode_place(match["area"], match["area"] + match["district"])
    return _town(_key(text))


def _postcode_place(area: str, district: str) -> Place | None:
    post_towns = _post_towns()
    area_town = post_towns.get(area)
    if area_town is None:
        return None
    area_place = _town(_key(area_town), name=f"{area_town} ({area} postcodes)")
    if area_place and (district_town := post_towns.get(district)):
        near = _town(_key(district_town), name=f"{district_town} ({district})", near=area_place)
        if near:
            return near
    return area_place


def _town(key: str, *, name: str = "", near: Place | None = None) -> Place | None:
    """The best-known place called ``key`` (or, with ``near``, the one nearest it).

    Post towns count as names too ("Hull" is "Kingston upon Hull" to GeoNames).
    """
    candidates = _gazetteer().get(key) or _gazetteer().get(_key(_aliases().get(key, "")), [])
    if near is not None:
        candidates = sorted(
            (place for place in candidates
             if near.miles_to(place.latitude, place.longitude) <= DISTRICT_WITHIN_MILES),
            key=lambda place: near.miles_to(place.latitude, place.longitude),
        )  # fmt: skip
    if not candidates:
        return None
    best = candidates[0]
    return Place(name or best.name, best.latitude, best.longitude)


def _key(name: str) -> str:
    """How place names are compared: "St. Albans", "saint albans" and "ST ALBANS" match."""
    words = re.findall(r"\w+", name.casefold().replace("&", " and ").replace(".", ""))
    return " ".join("st" if word == "saint" else word for word in words)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(line for line in file if not line.startswith("#")))


@functools.cache
def _gazetteer() -> dict[str, list[Place]]:
    """Places by name, the most populous first (the file lists them so)."""
    places: dict[str, list[Place]] = {}
    for row in _rows(GAZETTEER_FILE):
        place = Place(row["name"], float(row["latitude"]), float(row["longitude"]))
        places.setdefault(_key(row["name"]), []).append(place)
    return places


@functools.cache
def _post_towns() -> dict[str, str]:
    """Post towns by postcode area ("SL") or district ("SL4")."""
    return {row["postcode"]: row["post_town"] for row in _rows(POSTCODES_FILE)}


@functools.cache
def _aliases() -> dict[str, str]:
    """Post towns whose GeoNames name differs: ``{"hull": "Kingston upon Hull"}``."""
    return {
        _key(row["post_town"]): row["gazetteer_name"]
        for row in _rows(POSTCODES_FILE)
        if row["gazetteer_name"]
    }
