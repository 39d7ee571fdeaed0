"""What an enquirer types is kept in their enquiry and nowhere else: not in logs, error
reports, task records, sessions or URLs, even when the view and the worker fail."""

import logging
import secrets
import smtplib
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO
from unittest import mock

import time_machine
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail, serializers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError
from django.test import Client, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from enquiries.models import EmailKind, Enquiry
from genesis_site.privacy import REDACTED, RedactPersonalData
from tests.enquiries.support import form_data, run_worker

URL = reverse("enquiries:create")
MARKER = f"zq{secrets.token_hex(5)}"
PHONE_DIGITS = f"{secrets.randbelow(1000):03d}"
# Every field a person types into, each carrying the marker (the phone in its digits).
TYPED = {
    "full_name": f"Ann {MARKER}",
    "email": f"{MARKER}@example.org",
    "phone": f"07911 123{PHONE_DIGITS}",
    "funding": "insurance",
    "insurer": f"{MARKER} Health",
    "message": f"Could PRRT help me? Reference for me: {MARKER}.",
}
TRACES = (MARKER, f"+447911123{PHONE_DIGITS}", f"07911 123{PHONE_DIGITS}")


class QuotingMailServer(BaseEmailBackend):
    """A mail server that quotes the recipient and the message back in its refusal."""

    def send_messages(self, messages):
        message = messages[0]
        raise smtplib.SMTPDataError(451, f"<{message.to[0]}> deferred: {message.body[:60]}")


def record_failure_crashes(email, error):
    # e.g. the database went away while recording the failure: the error quotes the row.
    raise RuntimeError(f"Could not update the email to {email.to_address}: {email.body[:60]}")


def traces_in(text: str) -> list[str]:
    return [trace for trace in TRACES if trace.lower() in text.lower()]


@contextmanager
def site_log_output():
    """Everything the site's configured log handlers write, at every level."""
    output = StringIO()
    root = logging.getLogger()
    handlers = [
        handler
        for handler in root.handlers
        if any(isinstance(f, RedactPersonalData) for f in handler.filters)
    ]
    assert handlers, "settings.LOGGING sends the root logger to a redacting handler"
    streams = [handler.setStream(output) for handler in handlers]
    # The task worker sets its loggers' levels from its verbosity; take them all back.
    loggers = [root, *(logging.getLogger(name) for name in ("django.tasks", "django_tasks_db"))]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        yield output
    finally:
        for handler, stream in zip(handlers, streams, strict=True):
            handler.setStream(stream)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def rows_with_traces() -> dict[str, list]:
    """Every stored row, in every table, that holds any trace of what was typed."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for row in serializers.serialize("python", model._base_manager.all()):
            if traces_in(repr(row["fields"])):
                found.setdefault(model._meta.label, []).append(row["pk"])
    for session in Session.objects.all():
        if traces_in(repr(session.get_decoded())):
            found.setdefault("sessions.Session (decoded)", []).append(session.pk)
    return found


@override_settings(ADMINS=["web-team@example.org"])
class NoPersonalDataOutsideTheEnquiryTests(TransactionTestCase):
    def test_the_marker_is_only_in_the_enquiry_and_its_emails(self):
        client = Client(raise_request_exception=False)
        with site_log_output() as logs:
            # 1. The view fails as PostgreSQL would on a constraint: quoting the row.
            def failing_row(enquiry, kind, *, to, once_key):
                raise IntegrityError(
                    "new row violates check constraint\nDETAIL:  Failing row contains "
                    f"({enquiry.full_name}, {to}, {enquiry.phone}, {enquiry.message})."
                )

            with mock.patch("enquiries.services._queue_email", side_effect=failing_row):
                failed = client.post(URL, form_data(**TYPED))
            self.assertEqual(failed.status_code, 500)
            self.assertEqual(Enquiry.objects.count(), 0)

            # 2. Sent again, it is stored.
            sent = client.post(URL, form_data(**TYPED))
            self.assertEqual(sent.status_code, 302)
            enquiry = Enquiry.objects.get()

            # 3. The worker fails: the mail server quotes the address and the message...
            with override_settings(
                MAILERS={"default": {"BACKEND": f"{__name__}.QuotingMailServer"}}
            ):
                run_worker(verbosity=1)
                # 4. ...and then recording that failure fails, so the task itself fails.
                with (
                    time_machine.travel(timezone.now() + timedelta(minutes=5)),
                    mock.patch(
                        "outbox.delivery._record_failure", side_effect=record_failure_crashes
                    ),
                ):
                    run_worker(verbosity=1)

        log_text = logs.getvalue()
        # The failures really were logged, with their tracebacks, but redacted.
        self.assertIn("Internal Server Error: /enquiries/new/", log_text)
        self.assertIn("Failing row contains", log_text)
        self.assertIn("SMTPDataError", log_text)
        self.assertIn("state=FAILED", log_text)
        self.assertIn(REDACTED, log_text)
        self.assertEqual(traces_in(log_text), [])

        (error_report,) = [m for m in mail.outbox if m.to == ["web-team@example.org"]]
        self.assertIn("Failing row contains", error_report.body)
        self.assertEqual(traces_in(error_report.subject + error_report.body), [])

        # Both emails' retries failed; their stored tracebacks are redacted (the scan below).
        for task in DBTaskResult.objects.failed():
            self.assertIn("Could not update the email to", task.traceback)
        self.assertEqual(DBTaskResult.objects.failed().count(), 2)

        urls = [response.request["PATH_INFO"] for response in (failed, sent)] + [sent["Location"]]
        self.assertEqual(traces_in(" ".join(urls)), [])

        acknowledgement = enquiry.emails.get(kind=EmailKind.ACKNOWLEDGEMENT)
        self.assertIn("SMTPDataError", acknowledgement.last_error)
        self.assertEqual(traces_in(acknowledgement.last_error), [], acknowledgement.last_error)
        self.assertEqual(
            rows_with_traces(),
            {
                "enquiries.Enquiry": [enquiry.pk],
                # Its address, and the name in "Dear ...".
                "outbox.OutboundEmail": [acknowledgement.pk],
            },
        )
