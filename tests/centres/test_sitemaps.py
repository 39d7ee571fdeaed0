from django.test import TestCase

from centres.sitemaps import CentreSitemap, SpecialistSitemap
from tests.factories import make_centre_with_address, make_specialist


class SitemapTests(TestCase):
    def test_active_centres_and_specialists_only(self):
        centre = make_centre_with_address(slug="windsor")
        make_centre_with_address(is_active=False)
        specialist = make_specialist(slug="dr-yong-du")
        make_specialist(is_active=False)
        self.assertEqual(list(CentreSitemap().items()), [centre])
        self.assertEqual(list(SpecialistSitemap().items()), [specialist])
        self.assertEqual(CentreSitemap().location(centre), "/centres/windsor/")
        self.assertEqual(SpecialistSitemap().lastmod(specialist), specialist.updated_at)
