"""What an operator reads: every environment variable and every periodic job is documented."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import get_commands
from django.test import SimpleTestCase

BASE_DIR = Path(settings.BASE_DIR)
README = (BASE_DIR / "README.md").read_text()
# The helpers genesis_site/settings.py reads the environment through.
ENV_READERS = {"env_str", "env_bool", "env_list", "env_required"}
# Jobs of Django and our libraries that keep the database from growing for ever.
LIBRARY_JOBS = {"clearsessions", "axes_reset_logs", "prune_db_task_results"}
# Ours that only demo sites schedule.
DEMO_ONLY_COMMANDS = {"load_demo_content"}
# Ours that a developer runs by hand, never a server: update_gazetteer rewrites a data file
# committed with the code (centres/data/gb_places.csv) from a development-only package.
DEVELOPER_COMMANDS = {"update_gazetteer"}
# The task worker runs all the time under a supervisor (README, "Workers").
SUPERVISED_COMMANDS = {"run_worker"}


def variables_read(path: Path) -> set[str]:
    """The names of the environment variables a module reads, found in its source."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        function = node.func
        reads = (isinstance(function, ast.Name) and function.id in ENV_READERS) or (
            # os.environ.get(...)
            isinstance(function, ast.Attribute)
            and function.attr == "get"
            and ast.unparse(function.value) == "os.environ"
        )
        if reads and isinstance(node.args[0], ast.Constant):
            names.add(node.args[0].value)
    return names


def readme_table_variables() -> set[str]:
    """Every `NAME` in the first column of the README's tables."""
    first_cells = re.findall(r"^\| ([^|]+) \|", README, flags=re.MULTILINE)
    return {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}


def cron_jobs() -> list[str]:
    """The management command of each line of the README's cron block."""
    block = re.search(r"```cron\n(.*?)```", README, flags=re.DOTALL)[1]
    return re.findall(r"manage\.py (\w+)", block)


class EnvironmentVariablesTests(SimpleTestCase):
    def test_settings_read_the_variables_this_test_looks_for(self):
        # Guards the parser: if settings changed how they read the environment, the
        # tests below would pass on an empty list.
        self.assertLessEqual(
            {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "EMAIL_URL", "ADMIN_PATH"},
            variables_read(BASE_DIR / "genesis_site" / "settings.py"),
        )
        self.assertLessEqual(
            {"PORT", "WEB_CONCURRENCY"},
            variables_read(BASE_DIR / "genesis_site" / "gunicorn.conf.py"),
        )

    def test_env_example_lists_every_variable_settings_read(self):
        listed = set(
            re.findall(
                r"^([A-Z][A-Z0-9_]*)=",
                (BASE_DIR / ".env.example").read_text(),
                flags=re.MULTILINE,
            )
        )
        missing = variables_read(BASE_DIR / "genesis_site" / "settings.py") - listed
        self.assertEqual(missing, set(), "add them to .env.example")

    def test_readme_tables_explain_every_variable_settings_and_gunicorn_read(self):
        read = variables_read(BASE_DIR / "genesis_site" / "settings.py") | variables_read(
            BASE_DIR / "genesis_site" / "gunicorn.conf.py"
        )
        missing = read - readme_table_variables()
        self.assertEqual(missing, set(), "add them to a table in the README")


class CronScheduleTests(SimpleTestCase):
    def test_every_periodic_job_is_scheduled_once(self):
        # Our apps sit beside manage.py.
        our_apps = {
            config.name for config in apps.get_app_configs() if Path(config.path).parent == BASE_DIR
        }
        ours = {name for name, app in get_commands().items() if app in our_apps}
        jobs = cron_jobs()

        periodic = (
            ours - DEMO_ONLY_COMMANDS - DEVELOPER_COMMANDS - SUPERVISED_COMMANDS
        ) | LIBRARY_JOBS
        self.assertEqual(periodic - set(jobs), set(), "missing from the README's cron block")
        self.assertEqual(len(jobs), len(set(jobs)), f"scheduled twice: {jobs}")
