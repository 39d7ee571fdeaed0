"""Which tests are slow, found from what they need rather than marked by hand, so that a
new test is put on the right side of `make test-fast` without anyone remembering to.

A test is slow when it drives a browser (anything under tests/browser/, or a module using
Playwright), uses a live server (pytest-django's ``live_server``, Django's
``LiveServerTestCase``), or starts other processes (gunicorn, redis-server, a task worker,
PostgreSQL, Java): its module uses ``subprocess``, itself or through helpers of ours,
however deep. tests/conftest.py applies the markers.
"""

import inspect
import subprocess
import types

import pytest
from django.test import LiveServerTestCase


def starts_processes(module: types.ModuleType) -> bool:
    seen: set[int] = set()
    return any(uses_subprocess(value, seen) for value in vars(module).values())


def drives_a_browser(item: pytest.Item) -> bool:
    if item.path.relative_to(item.config.rootpath).parts[:2] == ("tests", "browser"):
        return True
    return any(origin(value).startswith("playwright") for value in vars(item.module).values())


def uses_a_live_server(item: pytest.Item) -> bool:
    cls = getattr(item, "cls", None)
    return "live_server" in getattr(item, "fixturenames", ()) or (
        cls is not None and issubclass(cls, LiveServerTestCase)
    )


def uses_subprocess(value, seen: set[int]) -> bool:
    """Whether ``value`` is the subprocess module, or a class or function of our tests
    whose code names it or names another of ours that does (a helper's helper)."""
    if value is subprocess:
        return True
    if id(value) in seen or not origin(value).startswith("tests.") or origin(value) == __name__:
        return False
    seen.add(id(value))
    if inspect.isclass(value):
        return any(uses_subprocess(member, seen) for member in vars(value).values())
    # classmethod and staticmethod; a decorated helper (@contextmanager) by the code it wraps.
    function = inspect.unwrap(getattr(value, "__func__", value))
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


def origin(value) -> str:
    """The module a class or function comes from, or a module's own name."""
    name = getattr(value, "__module__", None) or getattr(value, "__name__", None)
    return name if isinstance(name, str) else ""
