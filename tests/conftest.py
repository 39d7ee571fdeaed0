"""How the suite splits into a fast loop and the rest (see also tests/markers.py).

- ``browser`` and ``slow`` are applied here, from what each test needs (tests/markers.py);
  ``make test-fast`` leaves out slow tests. A test that is not slow and still starts a
  process fails, which keeps the fast loop fast and the marking honest.
- Under pytest-xdist (``--dist loadgroup``) a module that starts processes runs whole on
  one worker, so the servers it starts once for all its tests (``setUpClass``, module
  fixtures) are started once; other tests are handed out one by one. Each such server
  keeps its files in its own folder (``production_env``), so modules run side by side.
- Two markers are written by hand, on the few tests about SQLite itself. ``make test`` runs
  the suite on PostgreSQL, the database of a site with several web nodes, and these on
  SQLite, the single machine's, too: ``sqlite_only`` (SQLite's file or pragmas; left out on
  any other database) and ``also_on_sqlite`` (a path only SQLite takes, its write lock, and
  PostgreSQL's as well).
- With ``--fail-on-skip`` (``make test``) a run fails if any test skipped: CI runs them all.
"""

import subprocess
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection

from genesis_site.page_cache import bump_content_version
from tests.markers import drives_a_browser, starts_processes, uses_a_live_server


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


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    modules_starting_processes: dict[str, bool] = {}
    for item in items:
        if drives_a_browser(item):
            item.add_marker(pytest.mark.browser)
        module = item.module
        if module.__name__ not in modules_starting_processes:
            modules_starting_processes[module.__name__] = starts_processes(module)
        if modules_starting_processes[module.__name__]:
            item.add_marker(pytest.mark.xdist_group(module.__name__))
            item.add_marker(pytest.mark.slow)
        elif item.get_closest_marker("browser") or uses_a_live_server(item):
            item.add_marker(pytest.mark.slow)
    if connection.vendor != "sqlite":
        # About SQLite itself: left out, not skipped, so --fail-on-skip still means that
        # every test ran; `make test` runs them in its SQLite pass.
        about_sqlite = [item for item in items if item.get_closest_marker("sqlite_only")]
        if about_sqlite:
            config.hook.pytest_deselected(items=about_sqlite)
            items[:] = [item for item in items if not item.get_closest_marker("sqlite_only")]


def refuse_to_start_a_process(*args, **kwargs):
    pytest.fail(
        "This test starts a process but is not marked slow. tests/markers.py finds modules "
        "that use `subprocess` themselves or through helpers of ours; where it cannot, add "
        "`pytestmark = pytest.mark.slow` to the module.",
        pytrace=False,
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Fast tests start no process, from set-up (setUpClass too) to teardown."""
    if item.get_closest_marker("slow"):
        return (yield)
    with mock.patch.object(subprocess, "Popen", refuse_to_start_a_process):
        return (yield)


def pytest_sessionfinish(session, exitstatus):
    terminal = session.config.pluginmanager.get_plugin("terminalreporter")
    if hasattr(session.config, "workerinput"):
        return  # xdist's worker: the process that started it counts every worker's skips
    if not session.config.getoption("fail_on_skip") or terminal is None or exitstatus != 0:
        return
    if skipped := terminal.stats.get("skipped"):
        terminal.write_line("")
        terminal.write_sep(
            "=", f"--fail-on-skip: {len(skipped)} skipped, and CI must run every test", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def empty_shared_cache():
    """Each test starts with an empty shared cache and a new content version, as with an
    empty database: what a test left there, or in this process's memory (the response
    policy, glossary terms, stored pages), was rolled back with its rows."""
    cache.clear()
    bump_content_version()
