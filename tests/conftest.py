"""How the suite splits into a fast loop and the rest, decided here from what each test
needs, so that nobody has to remember to mark a test.

- ``browser``: drives chromium: anything under tests/browser/, or a module using Playwright.
- ``slow``: a browser test, a live server (pytest-django's ``live_server``, Django's
  ``LiveServerTestCase``), or a test module that starts other processes (gunicorn,
  redis-server, a task worker, PostgreSQL, Java): one that uses ``subprocess``, itself or
  through a helper of ours. ``make test-fast`` leaves these out.

A test that is not slow and still starts a process fails, which keeps the fast loop fast
and this marking honest.

Tests that start processes also share what production settings write under the project
(``var/``, ``staticfiles/``) and the two cores with their servers, so under pytest-xdist
they run one at a time on one worker (the ``starts-processes`` group, ``--dist loadgroup``).

Two markers are written by hand, on the few tests about SQLite itself. ``make test`` runs
the suite on PostgreSQL, the database of a site with several web nodes, and these also on
SQLite, the single machine's:

- ``sqlite_only``: about SQLite's file or pragmas; skipped on any other database.
- ``also_on_sqlite``: takes a path only SQLite takes (its write lock), and PostgreSQL's too.

With ``--fail-on-skip`` (``make test``) a run fails if any test skipped: CI runs every test.
"""

import inspect
import subprocess
import types
from unittest import mock

import pytest
from django.db import connection
from django.test import LiveServerTestCase

BROWSER_TESTS = "browser"
PROCESS_GROUP = "starts-processes"


def pytest_addoption(parser):
    parser.addoption(
        "--fail-on-skip",
        action="store_true",
        help="fail the run if any test skipped (make test: every test runs somewhere)",
    )


def pytest_configure(config):
    # In the process that prints the results: xdist's workers send their reports there.
    if not hasattr(config, "workerinput"):
        from tests.browser.pages import PUBLIC_PAGES
        from tests.browser.support import AuditFigureReport

        report = AuditFigureReport([page.name for page in PUBLIC_PAGES])
        config.pluginmanager.register(report, "audit-figures")


def origin(value) -> str:
    """The module a class or function comes from, or a module's own name."""
    name = getattr(value, "__module__", None) or getattr(value, "__name__", None)
    return name if isinstance(name, str) else ""


def uses_subprocess(value, seen: set[int]) -> bool:
    """Whether ``value`` is the subprocess module, or a class or function of our tests
    that names it, or names a class or function of ours that does (a helper's helper)."""
    if value is subprocess:
        return True
    if id(value) in seen or not origin(value).startswith("tests."):
        return False
    seen.add(id(value))
    if inspect.isclass(value):
        return any(uses_subprocess(member, seen) for member in vars(value).values())
    function = getattr(value, "__func__", value)  # classmethod and staticmethod
    if not inspect.isfunction(function):
        return False
    return any(
        uses_subprocess(function.__globals__.get(name), seen)
        for name in names_used(function.__code__)
    )


def names_used(code: types.CodeType) -> set[str]:
    """The global names a function's code uses, with those of functions nested in it."""
    nested = (const for const in code.co_consts if isinstance(const, types.CodeType))
    return set(code.co_names).union(*(names_used(inner) for inner in nested))


def starts_processes(module: types.ModuleType, cache: dict[str, bool]) -> bool:
    if module.__name__ not in cache:
        seen: set[int] = set()
        cache[module.__name__] = any(
            uses_subprocess(value, seen) for value in vars(module).values()
        )
    return cache[module.__name__]


def drives_a_browser(item: pytest.Item) -> bool:
    if BROWSER_TESTS in item.path.relative_to(item.config.rootpath / "tests").parts[:1]:
        return True
    return any(origin(value).startswith("playwright") for value in vars(item.module).values())


def uses_a_live_server(item: pytest.Item) -> bool:
    cls = getattr(item, "cls", None)
    return "live_server" in getattr(item, "fixturenames", ()) or (
        cls is not None and issubclass(cls, LiveServerTestCase)
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    started_processes: dict[str, bool] = {}
    for item in items:
        if drives_a_browser(item):
            item.add_marker(pytest.mark.browser)
        if starts_processes(item.module, started_processes):
            item.add_marker(pytest.mark.xdist_group(PROCESS_GROUP))
            item.add_marker(pytest.mark.slow)
        elif item.get_closest_marker("browser") or uses_a_live_server(item):
            item.add_marker(pytest.mark.slow)


def refuse_to_start_a_process(*args, **kwargs):
    pytest.fail(
        "This test starts a process but is not marked slow. tests/conftest.py marks a module "
        "slow when it uses `subprocess` itself or through one of our helpers; otherwise add "
        "`pytestmark = pytest.mark.slow` to it.",
        pytrace=False,
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Fast tests start no process, from set-up (setUpClass too) to teardown."""
    if item.get_closest_marker("slow"):
        return (yield)
    with mock.patch.object(subprocess, "Popen", refuse_to_start_a_process):
        return (yield)


def pytest_runtest_setup(item):
    if item.get_closest_marker("sqlite_only") and connection.vendor != "sqlite":
        pytest.skip("about SQLite itself: `make test` runs it on a SQLite test database")


def pytest_sessionfinish(session, exitstatus):
    terminal = session.config.pluginmanager.get_plugin("terminalreporter")
    if hasattr(session.config, "workerinput"):
        return  # xdist's worker: the process that started it counts every worker's skips
    if not session.config.getoption("fail_on_skip") or terminal is None or exitstatus != 0:
        return
    if skipped := terminal.stats.get("skipped"):
        terminal.write_sep("=", f"--fail-on-skip: {len(skipped)} skipped", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
