from django.contrib.auth import get_user_model
from django.template import engines
from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase, override_settings

from genesis_site.logging import MissingTemplateVariable


class OurTemplatesTests(SimpleTestCase):
    def test_missing_variable_in_our_template_raises(self):
        with self.assertRaisesMessage(MissingTemplateVariable, "'crumbs'"):
            render_to_string("components/breadcrumbs.html", {})

    def test_missing_attribute_in_our_template_raises(self):
        with self.assertRaisesMessage(MissingTemplateVariable, "'phone'"):
            clinic = {"service_name": "Theranostics", "email": "help@example.org"}
            render_to_string("includes/print_header.html", {"clinic": clinic})

    def test_variables_that_are_present_render(self):
        html = render_to_string("components/breadcrumbs.html", {"crumbs": [("Home", "/")]})
        self.assertIn('<li class="breadcrumb-item active" aria-current="page">Home</li>', html)

    def test_templates_not_in_our_folder_may_leave_variables_out(self):
        template = engines["django"].from_string("[{{ not_given }}]")
        self.assertEqual(template.render({}), "[]")

    @override_settings(STRICT_TEMPLATE_VARIABLES=False)
    def test_production_renders_a_missing_variable_as_empty(self):
        html = render_to_string("components/breadcrumbs.html", {})
        self.assertEqual(html.strip(), "")


class AdminTemplatesTests(TestCase):
    """The admin's templates leave variables out on purpose; they must keep working."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")

    def test_admin_pages_render_and_log_nothing(self):
        self.client.force_login(self.staff)
        for url in ["/admin/", "/admin/auth/user/", f"/admin/auth/user/{self.staff.pk}/change/"]:
            with self.subTest(url=url), self.assertNoLogs("django.template", "DEBUG"):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_admin_login_page_renders(self):
        self.assertEqual(self.client.get("/admin/login/").status_code, 200)
