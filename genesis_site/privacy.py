"""Keep what people type out of logs, error reports and task records.

Enquiries carry health information (UK GDPR special category data), and any error can
quote it: a mail server repeats the address it refused, PostgreSQL's "Failing row
contains (...)" repeats a whole row. So, rather than trusting every message:

- While a request or task runs, code that handles personal data ``remember()``s it;
  ``redact()`` then replaces those values, and anything shaped like an email address
  or phone number, with ``REDACTED``.
- ``RedactPersonalData`` (a logging filter on every handler in settings.LOGGING) runs
  each log message and traceback through ``redact()``.
- ``PrivateExceptionReporterFilter`` and ``PrivateExceptionReporter`` (Django's error
  reports: admin emails, the 500 page's report) hide every POST value, query string
  and local variable, and redact the text that is left.
- ``scrubbed()`` turns an exception into one whose text is redacted, for task
  backends that store tracebacks in the database (django_tasks_db).
"""

import logging
import re
import traceback
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.html import escape
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

REDACTED = "[personal data removed]"
# Loose on purpose: a false match costs a word in a log line, a miss leaks an address.
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# E.164 as we store numbers (+447700900982) and UK numbers written without spaces.
PHONE_NUMBER = re.compile(r"\+\d{9,15}\b|\b0\d{9,10}\b")
# Shorter values (a two-letter name) would blank unrelated words all over a message.
SHORTEST_REMEMBERED = 3

_remembered: ContextVar[set[str] | None] = ContextVar("personal_data", default=None)


@contextmanager
def scope():
    """Remember personal data for the duration of one request or task, and no longer."""
    token = _remembered.set(set())
    try:
        yield
    finally:
        _remembered.reset(token)


def remember(*values: str) -> None:
    """Redact these values from everything logged or reported in the current scope."""
    remembered = _remembered.get()
    if remembered is None:
        return  # outside a request or task: only addresses and numbers are redacted
    for value in values:
        value = str(value).strip()
        if len(value) >= SHORTEST_REMEMBERED:
            remembered.add(value)
            remembered.add(escape(value))  # as it appears in an HTML error report


def redact(text: str) -> str:
    # Longest first, so a full name goes before the surname inside it. Plain replace,
    # not a regular expression: a bot's megabyte-long message must not slow logging.
    for value in sorted(_remembered.get() or (), key=len, reverse=True):
        text = text.replace(value, REDACTED)
    return PHONE_NUMBER.sub(REDACTED, EMAIL_ADDRESS.sub(REDACTED, text))


class ScrubbedError(Exception):
    """An error whose original text, traceback included, has been through ``redact()``."""


def scrubbed(error: BaseException) -> ScrubbedError:
    """``raise scrubbed(error) from None``: the original's traceback, redacted, as the message."""
    return ScrubbedError(redact("".join(traceback.format_exception(error))))


class PersonalDataScopeMiddleware:
    """Give each request its own ``scope()``, around everything that might log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope():
            return self.get_response(request)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[0] and not record.exc_text:
            # The formatter prints exc_text instead of formatting exc_info again.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Hide every submitted value and local variable, not only those named like secrets.

    Active whenever DEBUG is off, like Django's own filter.
    """

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        hidden = request.POST.copy()
        for name in hidden:
            hidden[name] = self.cleansed_substitute
        return hidden

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self.is_active(request):
            # A search box (a postcode) or the page linked from can say who the visitor is.
            for name in ("QUERY_STRING", "HTTP_REFERER"):
                if name in meta:
                    meta[name] = self.cleansed_substitute
        return meta


class PrivateExceptionReporter(ExceptionReporter):
    """Django's error report with the query string hidden and the text redacted."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.filter.is_active(self.request) and self.request is not None:
            data["request_GET_items"] = [
                (name, self.filter.cleansed_substitute) for name in self.request.GET
            ]
            data["request_insecure_uri"] = self.request.path
        return data

    def get_traceback_html(self):
        return redact(super().get_traceback_html())

    def get_traceback_text(self):
        return redact(super().get_traceback_text())
