"""Django's SMTP backend with one deadline for a whole send, not only for each step.

EMAIL_TIMEOUT_SECONDS bounds each network operation, but a server that answers every
step just in time (connect, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA...) could stretch one
send to ten times that. The outbox must know how long a send can last: an email still
"sending" after that belongs to a worker that died, and is sent again
(outbox.services.emails_recover). Here every step waits at most until the deadline,
SEND_DEADLINE_TIMEOUTS email timeouts after the connection opened.
"""

import smtplib
import time
from functools import partial

from django.conf import settings
from django.core.mail.backends import smtp

SEND_DEADLINE_TIMEOUTS = 3


def send_deadline_seconds() -> float:
    return SEND_DEADLINE_TIMEOUTS * settings.EMAIL_TIMEOUT_SECONDS


class DeadlineMixin:
    """For smtplib.SMTP: each step waits for the server no longer than the time left."""

    def __init__(self, *args, deadline: float, **kwargs):
        self.deadline = deadline  # on time.monotonic()'s clock
        super().__init__(*args, **kwargs)

    def time_left(self) -> float:
        # Past the deadline the next step times out at once, and smtplib reports it as it
        # reports any timeout (and Django's backend still closes the connection quietly).
        left = self.deadline - time.monotonic()
        if isinstance(self.timeout, int | float):  # else no timeout was configured
            left = min(left, self.timeout)
        return max(left, 0.001)

    def _get_socket(self, host, port, timeout):
        return super()._get_socket(host, port, self.time_left())

    def send(self, s):
        if self.sock:
            self.sock.settimeout(self.time_left())
        super().send(s)

    def getreply(self):
        if self.sock:
            self.sock.settimeout(self.time_left())
        return super().getreply()


class DeadlineSMTP(DeadlineMixin, smtplib.SMTP):
    pass


class DeadlineSMTPSSL(DeadlineMixin, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    @property
    def connection_class(self):
        # Read as the connection opens: the deadline counts from there.
        smtp_class = DeadlineSMTPSSL if self.use_ssl else DeadlineSMTP
        return partial(smtp_class, deadline=time.monotonic() + send_deadline_seconds())
