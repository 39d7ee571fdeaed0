import tempfile

from django.core import checks
from django.test import SimpleTestCase, override_settings
from django.test.utils import ignore_warnings

from genesis_site.settings import STORAGES

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SMTP_WITH_TIMEOUT = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "mail.example.org", "timeout": 10},
    }
}
TUNED_SQLITE = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": "db.sqlite3",
    "OPTIONS": {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    },
}


def production_errors(*, database: dict = TUNED_SQLITE) -> list[str]:
    # The checks only read DATABASES; nothing connects to the overridden database.
    with (
        ignore_warnings(message="Overriding setting DATABASES"),
        override_settings(DATABASES={"default": database}),
    ):
        return [message.id for message in checks.run_checks(tags=["production"])]


def deploy_messages() -> list[str]:
    """What `manage.py check --deploy`, and so gunicorn's start, reports from our checks."""
    return [
        message.id
        for message in checks.run_checks(tags=["production"], include_deployment_checks=True)
    ]


@override_settings(DEBUG=False, TASKS=DATABASE_BACKEND, MAILERS=SMTP_WITH_TIMEOUT)
class ProductionCheckTests(SimpleTestCase):
    def test_production_settings_pass(self):
        self.assertEqual(production_errors(), [])

    def test_in_process_task_backends_stop_a_production_start(self):
        for backend in [
            "django.tasks.backends.immediate.ImmediateBackend",
            "django.tasks.backends.dummy.DummyBackend",
        ]:
            with self.subTest(backend), override_settings(TASKS={"default": {"BACKEND": backend}}):
                self.assertEqual(production_errors(), ["genesis_site.E001"])

    def test_smtp_without_a_timeout_stops_a_production_start(self):
        without_timeout = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "mail.example.org"},
            }
        }
        with override_settings(MAILERS=without_timeout):
            self.assertEqual(production_errors(), ["genesis_site.E002"])

    def test_sqlite_without_wal_or_immediate_transactions_stops_a_production_start(self):
        for options in [
            {"transaction_mode": "IMMEDIATE"},
            {"init_command": "PRAGMA journal_mode=WAL;"},
            {},
        ]:
            with self.subTest(options):
                database = TUNED_SQLITE | {"OPTIONS": options}
                self.assertEqual(production_errors(database=database), ["genesis_site.E003"])

    def test_postgresql_needs_no_sqlite_tuning(self):
        postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "genesis"}

        self.assertEqual(production_errors(database=postgres), [])

    def test_deploying_without_collected_static_files_is_an_error(self):
        with (
            tempfile.TemporaryDirectory() as empty_static_root,
            override_settings(STATIC_ROOT=empty_static_root, STORAGES=STORAGES),
        ):
            self.assertEqual(deploy_messages(), ["genesis_site.E004"])

    def test_deploying_with_collected_static_files_passes(self):
        self.assertEqual(deploy_messages(), [])

    def test_development_may_use_anything(self):
        immediate = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
        with override_settings(DEBUG=True, TASKS=immediate):
            self.assertEqual(production_errors(database=TUNED_SQLITE | {"OPTIONS": {}}), [])
