"""What the enquiry tests share: a valid form submission, test settings switches, a local
SMTP server (aiosmtpd) and the task worker."""

import asyncio
import signal
import threading
import time
from contextlib import contextmanager
from datetime import time as clock_time
from io import StringIO

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings

from enquiries.forms import new_form_token
from enquiries.models import ClosureDay, ResponsePolicy, TeamHours
from genesis_site.mail_url import mailer_from_url

# Tasks run as soon as they are enqueued (after commit), so sent emails land in mail.outbox.
immediate_tasks = override_settings(
    TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
)


def form_data(**overrides) -> dict:
    """A complete, valid enquiry as a browser would post it, shown a minute ago."""
    return {
        "enquiry_for": "myself",
        "full_name": "Margaret Hughes",
        "email": "margaret@example.org",
        "phone": "07911 123456",
        "contact_method": "phone",
        "contact_time": "morning",
        "therapy": "",
        "centre": "",
        "funding": "self_pay",
        "insurer": "",
        "has_referral": "yes",
        "message": "My oncologist mentioned PRRT. Could I have it at your clinic?",
        "consent": "on",
        "website": "",
        "form_token": new_form_token(issued_at=time.time() - 60),
    } | overrides


def make_response_policy(
    *,
    counting: str = ResponsePolicy.Counting.WORKING,
    hours: int = 8,
    weekdays=range(5),
    opens=clock_time(9),
    closes=clock_time(17),
    closures=(),
    **overrides,
) -> ResponsePolicy:
    """The clinic's policy; by default 8 working hours, Monday to Friday 9am to 5pm, England."""
    policy = ResponsePolicy.objects.create(counting=counting, hours=hours, **overrides)
    for weekday in weekdays:
        TeamHours.objects.create(policy=policy, weekday=weekday, opens=opens, closes=closes)
    for day in closures:
        ClosureDay.objects.create(policy=policy, date=day, reason="Closed")
    return policy


def smtp_mailer(port: int):
    return override_settings(
        MAILERS={"default": mailer_from_url(f"smtp://127.0.0.1:{port}", timeout=1)}
    )


class RecordingHandler:
    """Accepts every message, or refuses every recipient with ``refuse`` (an SMTP reply)."""

    def __init__(self, refuse: str | None = None):
        self.refuse = refuse
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


class StallingHandler(RecordingHandler):
    """Takes in each message, then does not answer until released: a server hanging
    in DATA. The message counts as received: the server has it, the sender cannot know.

    Set ``stall`` to False to answer later messages at once.
    """

    def __init__(self):
        super().__init__()
        self.stall = True
        self.stalled = threading.Event()  # a sender is waiting for our answer
        self.released = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if self.stall:
            self.stalled.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
        return reply


@contextmanager
def smtp_server(port: int, handler: RecordingHandler):
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    try:
        yield handler
    finally:
        if isinstance(handler, StallingHandler):
            handler.released.set()
        controller.stop()


def run_worker(*, verbosity: int = 0):
    """Rescue stuck emails and run every task that is due, as `manage.py run_worker` does,
    then return.

    The worker sets the task loggers' level from ``verbosity``, for the whole process.
    """
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("run_worker", batch=True, reload=False, verbosity=verbosity, stdout=StringIO())
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
