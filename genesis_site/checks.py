"""System checks that stop a production start (DEBUG off) with settings that lose data or hang.

They run with every management command and when gunicorn starts
(genesis_site/gunicorn.conf.py); `manage.py check --tag production` runs them alone.
The deployment ones judge a release ready to serve, so only gunicorn's start and
`manage.py check --deploy` run them, never the `collectstatic` or `migrate` that prepare it.
"""

from django.conf import settings
from django.core import checks
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.tasks.backends.dummy import DummyBackend
from django.tasks.backends.immediate import ImmediateBackend
from django.utils.module_loading import import_string

from genesis_site.health import static_files_collected

PRODUCTION = "production"


@checks.register(PRODUCTION)
def check_tasks_are_queued(app_configs, **kwargs):
    """An in-process backend sends email inside the patient's request, or never."""
    if settings.DEBUG:
        return []
    return [
        checks.Error(
            f"TASKS[{alias!r}] uses {config['BACKEND']}, which runs tasks inside the web "
            "request or drops them.",
            hint="Use django_tasks_db.DatabaseBackend (the default), with `manage.py "
            "run_worker` beside the web server.",
            id="genesis_site.E001",
        )
        for alias, config in settings.TASKS.items()
        if issubclass(import_string(config["BACKEND"]), ImmediateBackend | DummyBackend)
    ]


@checks.register(PRODUCTION)
def check_smtp_has_timeout(app_configs, **kwargs):
    """Without a timeout a hanging mail server holds a worker for ever."""
    if settings.DEBUG:
        return []
    return [
        checks.Error(
            f"MAILERS[{alias!r}] sends by SMTP without a timeout.",
            hint="Set EMAIL_TIMEOUT_SECONDS (genesis_site.mail_url passes it on).",
            id="genesis_site.E002",
        )
        for alias, config in settings.MAILERS.items()
        if issubclass(import_string(config["BACKEND"]), SMTPBackend)
        and not config.get("OPTIONS", {}).get("timeout")
    ]


@checks.register(PRODUCTION)
def check_sqlite_is_tuned_for_concurrency(app_configs, **kwargs):
    """Several workers write to one SQLite file: without WAL readers block on every
    write, and without IMMEDIATE transactions concurrent writers fail with
    "database is locked" instead of waiting their turn."""
    if settings.DEBUG:
        return []
    errors = []
    for alias, database in settings.DATABASES.items():
        if database["ENGINE"] != "django.db.backends.sqlite3":
            continue
        options = database.get("OPTIONS", {})
        pragmas = options.get("init_command", "").replace(" ", "").lower()
        missing = [
            name
            for name, present in [
                ("PRAGMA journal_mode=WAL in init_command", "journal_mode=wal" in pragmas),
                (
                    'transaction_mode "IMMEDIATE"',
                    options.get("transaction_mode", "").upper() == "IMMEDIATE",
                ),
            ]
            if not present
        ]
        if missing:
            errors.append(
                checks.Error(
                    f"DATABASES[{alias!r}] is SQLite without {' and '.join(missing)}.",
                    hint="Keep the OPTIONS from genesis_site/settings.py, or use PostgreSQL.",
                    id="genesis_site.E003",
                )
            )
    return errors


@checks.register(PRODUCTION, deploy=True)
def check_static_files_are_collected(app_configs, **kwargs):
    """A release without `collectstatic` would answer every page with a 500."""
    if static_files_collected():
        return []
    return [
        checks.Error(
            f"No static files manifest in STATIC_ROOT ({settings.STATIC_ROOT}): every page "
            "would fail to link its stylesheet.",
            hint="Run `manage.py collectstatic --no-input` in each release before starting.",
            id="genesis_site.E004",
        )
    ]
