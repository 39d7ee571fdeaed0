from django.db import models
from django.test import SimpleTestCase
from django.test.utils import isolate_apps

from editorial.checks import publish_permission_errors
from editorial.publishing import Publishable


@isolate_apps("editorial")
class PublishPermissionCheckTests(SimpleTestCase):
    def test_a_page_type_without_a_publish_permission_is_reported(self):
        class Leaflet(Publishable):
            slug = models.SlugField()

            class Meta:
                app_label = "editorial"

        errors = publish_permission_errors([Leaflet])
        self.assertEqual([error.id for error in errors], ["editorial.E001"])
        self.assertIn('("publish_leaflet", "Can publish …")', errors[0].hint)

    def test_a_page_type_with_one_passes(self):
        class Leaflet(Publishable):
            slug = models.SlugField()

            class Meta:
                app_label = "editorial"
                permissions = [("publish_leaflet", "Can publish leaflets")]

        self.assertEqual(publish_permission_errors([Leaflet]), [])
