from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from genesis_site.mail_url import mailer_from_url

SMTP = "outbox.smtp.EmailBackend"


class MailerFromUrlTests(SimpleTestCase):
    def test_console(self):
        self.assertEqual(
            mailer_from_url("console://", timeout=10),
            {"BACKEND": "django.core.mail.backends.console.EmailBackend", "OPTIONS": {}},
        )

    def test_file_writes_to_the_folder_in_the_path(self):
        self.assertEqual(
            mailer_from_url("file:///var/mail/out%20box", timeout=10),
            {
                "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "OPTIONS": {"file_path": "/var/mail/out box"},
            },
        )

    def test_smtp_with_login_and_port(self):
        self.assertEqual(
            mailer_from_url("smtp://mailer:p%40ss%2Fword@mail.example.org:2525", timeout=7.5),
            {
                "BACKEND": SMTP,
                "OPTIONS": {
                    "host": "mail.example.org",
                    "port": 2525,
                    "username": "mailer",
                    "password": "p@ss/word",
                    "use_tls": False,
                    "use_ssl": False,
                    "timeout": 7.5,
                },
            },
        )

    def test_smtp_starttls_defaults_to_the_submission_port(self):
        options = mailer_from_url("smtp+tls://mail.example.org", timeout=10)["OPTIONS"]
        self.assertEqual(
            (options["port"], options["use_tls"], options["use_ssl"], options["timeout"]),
            (587, True, False, 10),
        )

    def test_smtp_implicit_tls_defaults_to_port_465(self):
        options = mailer_from_url("smtp+ssl://u:p@mail.example.org", timeout=3)["OPTIONS"]
        self.assertEqual(
            (options["port"], options["use_tls"], options["use_ssl"], options["timeout"]),
            (465, False, True, 3),
        )

    def test_plain_smtp_defaults_to_port_25_without_login(self):
        options = mailer_from_url("smtp://localhost", timeout=10)["OPTIONS"]
        self.assertEqual((options["port"], options["username"], options["password"]), (25, "", ""))

    def test_unknown_scheme_names_the_ones_we_support(self):
        with self.assertRaisesMessage(
            ImproperlyConfigured,
            "EMAIL_URL scheme 'sendgrid' is not supported; use one of console://, file://, "
            "locmem://, smtp://, smtp+tls://, smtp+ssl://",
        ):
            mailer_from_url("sendgrid://key@api", timeout=10)

    def test_file_without_a_folder_is_refused(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "file:// needs a folder path"):
            mailer_from_url("file://", timeout=10)

    def test_smtp_without_a_host_is_refused(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "smtp:// needs a host name"):
            mailer_from_url("smtp+tls://", timeout=10)
