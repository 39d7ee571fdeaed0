"""The suite marks its slow tests by itself (tests/markers.py, tests/conftest.py).

The example modules are built from source here, so that this module itself, which starts
no process, is not marked slow.
"""

import sys
import textwrap
import types

import pytest

from tests.markers import starts_processes


def example_module(source: str) -> types.ModuleType:
    """A test module with this source, as pytest imports it."""
    module = types.ModuleType("tests.platform.test_new")
    exec(textwrap.dedent(source), vars(module))
    return module


def test_a_module_using_subprocess_starts_processes():
    module = example_module("""
        import subprocess

        def test_version():
            subprocess.run(["git", "--version"])
    """)
    assert starts_processes(module)


def test_a_test_starting_gunicorn_through_our_helpers_helper_starts_processes():
    module = example_module("""
        from django.test import SimpleTestCase
        from tests.platform.support import SiteClient, free_port, gunicorn

        def start_site(port):
            return gunicorn(port, {})

        class ServedSiteTests(SimpleTestCase):
            @classmethod
            def setUpClass(cls):
                cls.port = free_port()
                cls.server = start_site(cls.port)

            def test_home(self):
                SiteClient(self.port).request("GET", "/")
    """)
    assert starts_processes(module)


def test_a_test_starting_dovecot_through_a_context_manager_helper_starts_processes():
    module = example_module("""
        from tests.enquiries.imap import imap_server

        def test_fetch():
            with imap_server() as server:
                server.append(b"Subject: hello")
    """)
    assert starts_processes(module)


def test_a_module_using_only_helpers_that_start_nothing_does_not():
    module = example_module("""
        from tests.enquiries.support import form_data
        from tests.platform.support import SiteClient, free_port

        def test_form():
            SiteClient(free_port()).post_form("/", form_data())
    """)
    assert not starts_processes(module)


def test_a_fast_test_that_starts_a_process_anyway_fails():
    import subprocess  # here, where tests/markers.py does not look: the guard still does

    with pytest.raises(pytest.fail.Exception, match="starts a process but is not marked slow"):
        subprocess.run([sys.executable, "--version"], check=True)
