import tempfile

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from genesis_site.settings import STORAGES as PRODUCTION_STORAGES

TEN_YEARS = 315_360_000


class WhiteNoiseTests(TestCase):
    """Static files as production serves them: collected, hashed, compressed, cached for good."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        static_root = cls.enterClassContext(tempfile.TemporaryDirectory())
        cls.enterClassContext(
            override_settings(STATIC_ROOT=static_root, STORAGES=PRODUCTION_STORAGES)
        )
        call_command("collectstatic", interactive=False, verbosity=0)

    def setUp(self):
        # A new client builds a new WhiteNoise, which indexes the collected files.
        self.client = Client()

    def test_pages_link_to_the_hashed_stylesheet(self):
        hashed_url = staticfiles_storage.url("dist/site.css")
        self.assertRegex(hashed_url, r"^/static/dist/site\.[0-9a-f]{12}\.css$")
        self.assertContains(self.client.get("/"), f'href="{hashed_url}"')

    def test_hashed_file_is_cached_for_ten_years_and_compressed(self):
        response = self.client.get(
            staticfiles_storage.url("dist/site.css"), headers={"accept-encoding": "gzip"}
        )
        self.assertEqual(response.status_code, 200)
        cache_control = response.headers["Cache-Control"]
        self.assertEqual(cache_control, f"max-age={TEN_YEARS}, public, immutable")
        self.assertEqual(response.headers["Content-Encoding"], "gzip")

    def test_unhashed_name_is_not_cached_for_long(self):
        response = self.client.get("/static/dist/site.css")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("immutable", response.headers["Cache-Control"])

    def test_healthz_finds_the_collected_files(self):
        self.assertEqual(self.client.get("/healthz").json()["checks"]["static_files"], "ok")
