import re
import tempfile

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from genesis_site.settings import STORAGES as PRODUCTION_STORAGES

TEN_YEARS = 315_360_000
# Issue 14: Bootstrap whole was 22 KB compressed, most of it rules no page uses.
STYLESHEET_MAX_BYTES = 10 * 1024


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

    def test_a_file_s_address_is_its_hashed_name_in_production_and_its_own_in_debug(self):
        hashed_url = staticfiles_storage.url("dist/site.css")
        self.assertEqual(staticfiles_storage.url("dist/site.css"), hashed_url)
        with override_settings(DEBUG=True):
            self.assertEqual(staticfiles_storage.url("dist/site.css"), "/static/dist/site.css")
        self.assertEqual(staticfiles_storage.url("dist/site.css"), hashed_url)

    def test_hashed_file_is_cached_for_ten_years_and_compressed(self):
        response = self.client.get(
            staticfiles_storage.url("dist/site.css"), headers={"accept-encoding": "gzip"}
        )
        self.assertEqual(response.status_code, 200)
        cache_control = response.headers["Cache-Control"]
        self.assertEqual(cache_control, f"max-age={TEN_YEARS}, public, immutable")
        self.assertEqual(response.headers["Content-Encoding"], "gzip")

    def test_the_stylesheet_a_patient_downloads_is_at_most_10_kb_compressed(self):
        response = self.client.get(
            staticfiles_storage.url("dist/site.css"), headers={"accept-encoding": "gzip"}
        )
        self.assertEqual(response.headers["Content-Encoding"], "gzip")
        self.assertLessEqual(len(b"".join(response.streaming_content)), STYLESHEET_MAX_BYTES)

    def test_unhashed_name_is_not_cached_for_long(self):
        response = self.client.get("/static/dist/site.css")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("immutable", response.headers["Cache-Control"])

    def test_healthz_finds_the_collected_files(self):
        self.assertEqual(self.client.get("/healthz").json()["checks"]["static_files"], "ok")


class PurgedStylesheetTests(TestCase):
    """The build keeps only the CSS rules that something can put on a page
    (purgecss.config.cjs); these are the rules it cannot see being used."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(finders.find("dist/site.css"), encoding="utf-8") as built:
            cls.css = built.read()

    def assertHasRule(self, selector: str):
        rule = rf"(^|[}},]){re.escape(selector)}[,{{]"
        self.assertRegex(self.css, rule, f"{selector} lost its rule in the built site.css")

    def test_every_element_keeps_its_focus_indicator(self):
        self.assertHasRule(":focus-visible")

    def test_form_elements_made_by_django_widget_templates_keep_their_rules(self):
        for selector in ("select", "textarea", "textarea.form-control", ".form-select"):
            with self.subTest(selector):
                self.assertHasRule(selector)

    def test_fields_with_errors_keep_their_crispy_forms_styles(self):
        for selector in (".form-control.is-invalid", ".invalid-feedback", ".form-check-input"):
            with self.subTest(selector):
                self.assertHasRule(selector)

    def test_every_kind_of_message_keeps_its_colours(self):
        # templates/includes/messages.html builds the class from the message's level.
        for level in ("success", "info", "warning", "danger"):
            with self.subTest(level):
                self.assertHasRule(f".alert-{level}")
