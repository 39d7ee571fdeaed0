"""A whole send is bounded by the deadline (outbox/smtp.py), not only each of its steps,
so an email still "sending" after the deadline belongs to a worker that died."""

import asyncio

from django.test import TestCase, override_settings

from outbox import delivery
from tests.enquiries.support import RecordingHandler, smtp_mailer, smtp_server
from tests.factories import make_outbound_email
from tests.platform.support import free_port

# Each step may take a second (as smtp_mailer() sets it), a whole send three.
JUST_IN_TIME = 0.8


class SlowHandler(RecordingHandler):
    """Answers the steps named in ``delays`` that many seconds late, and accepts the message."""

    def __init__(self, **delays: float):
        super().__init__()
        self.delays = delays

    async def wait(self, step: str) -> None:
        await asyncio.sleep(self.delays.get(step, 0))

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        await self.wait("EHLO")
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        await self.wait("MAIL")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self.wait("RCPT")
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        await self.wait("DATA")
        return await super().handle_DATA(server, session, envelope)

    async def handle_QUIT(self, server, session, envelope):
        await self.wait("QUIT")
        return "221 Bye"


@override_settings(EMAIL_TIMEOUT_SECONDS=1)
class SendDeadlineTests(TestCase):
    def send_through(self, handler: SlowHandler):
        port = free_port()
        email = make_outbound_email(to_address="someone@example.org")
        with smtp_server(port, handler), smtp_mailer(port):
            outcome = delivery.deliver(email_id=email.pk).outcome
        email.refresh_from_db()
        return outcome, email

    def test_a_server_answering_every_step_just_in_time_is_given_up_on_at_the_deadline(self):
        steps = ("EHLO", "MAIL", "RCPT", "DATA", "QUIT")
        handler = SlowHandler(**dict.fromkeys(steps, JUST_IN_TIME))

        with self.assertLogs("outbox.delivery", "WARNING"):
            outcome, email = self.send_through(handler)

        self.assertEqual((outcome, email.status, email.attempts), ("retry", "queued", 1))
        self.assertIn("timed out", email.last_error)

    def test_a_quick_server_is_well_within_it(self):
        outcome, email = self.send_through(SlowHandler())

        self.assertEqual((outcome, email.status), ("sent", "sent"))
