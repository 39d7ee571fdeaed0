"""Emails coming into the triage mailbox: enquirers' answers, and bounces of our emails.

``fetch_enquiry_replies`` (the management command) reads the mailbox over IMAP and hands
each message to ``inbound_store``, which talks to no network: it matches the message to
its enquiry by the Message-IDs it answers, then by a reference in its subject, and stores
the text the enquirer wrote, without quoted history, signature or attachments.
"""

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from enquiries import conversation
from enquiries.models import Enquiry, InboundMessage
from outbox.models import EmailStatus, OutboundEmail

REFERENCE_IN_SUBJECT = re.compile(r"\bENQ-[2-9A-HJKMNP-Z]{6}\b", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# Where the quoted history of a reply begins, in the common mail programs.
QUOTE_STARTS = (
    re.compile(r"^On .+wrote:\s*$"),  # Gmail, Apple Mail, Thunderbird
    re.compile(r"^-{2,}\s*Original Message\s*-{2,}", re.IGNORECASE),  # Outlook
    re.compile(r"^_{10,}\s*$"),  # Outlook on the web
    re.compile(r"^From: .+"),  # Outlook's quoted header block
    re.compile(r"^>"),
)
# The signature delimiter (RFC 3676) and the usual mobile sign-offs.
SIGNATURE_STARTS = (re.compile(r"^-- ?$"), re.compile(r"^Sent from my \w+"))
BOUNCE_SENDERS = ("mailer-daemon", "postmaster")


@dataclass
class Inbound:
    message_id: str
    answers: list[str]  # the Message-IDs it replies to, nearest first
    from_address: str
    subject: str
    sent_at: datetime
    text: str
    attachments: list[dict] = field(default_factory=list)
    bounced: list[str] = field(default_factory=list)  # our Message-IDs a bounce reports
    is_bounce: bool = False


def parse(raw: bytes) -> Inbound:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    answers = MESSAGE_ID.findall(str(message.get("In-Reply-To", "")))
    answers += reversed(MESSAGE_ID.findall(str(message.get("References", ""))))
    sender = parseaddr(str(message.get("From", "")))[1]
    is_bounce = message.get_content_type() == "multipart/report" or sender.lower().startswith(
        BOUNCE_SENDERS
    )
    return Inbound(
        # A message without one gets a stable stand-in, so it too is stored once.
        message_id=str(message.get("Message-ID", "")).strip()
        or f"<{hashlib.sha256(raw).hexdigest()}@no-message-id>",
        answers=list(dict.fromkeys(answers)),
        from_address=sender,
        subject=" ".join(str(message.get("Subject", "")).split())[:255],
        sent_at=_date(message),
        text="" if is_bounce else trim_reply(_text(message)),
        attachments=[] if is_bounce else _attachments(message),
        bounced=_bounced_message_ids(message) if is_bounce else [],
        is_bounce=is_bounce,
    )


def trim_reply(text: str) -> str:
    """What the sender wrote: up to the quoted history or their signature."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if any(pattern.match(line) for pattern in QUOTE_STARTS + SIGNATURE_STARTS):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def inbound_store(*, raw: bytes) -> str:
    """Store one message from the triage mailbox; say what became of it.

    "duplicate" (stored before), "bounce" (our email marked bounced), "matched" (on its
    enquiry, which goes back in the queue) or "unmatched" (for staff to attach).
    """
    inbound = parse(raw)
    if inbound.is_bounce:
        ids = inbound.bounced or inbound.answers
        OutboundEmail.objects.filter(message_id__in=ids).update(status=EmailStatus.BOUNCED)
        return "bounce"
    try:
        with transaction.atomic():
            if InboundMessage.objects.filter(message_id=inbound.message_id).exists():
                return "duplicate"
            message = InboundMessage.objects.create(
                message_id=inbound.message_id,
                from_address=inbound.from_address,
                subject=inbound.subject,
                sent_at=inbound.sent_at,
                text=inbound.text,
                attachments=inbound.attachments,
            )
            enquiry = match(inbound)
            if enquiry is None:
                return "unmatched"
            conversation.inbound_attach(message=message, enquiry=enquiry, by=None)
            return "matched"
    except IntegrityError:
        # Another run stored it between our check and our insert.
        if InboundMessage.objects.filter(message_id=inbound.message_id).exists():
            return "duplicate"
        raise


def match(inbound: Inbound) -> Enquiry | None:
    """The enquiry a message answers: by the emails it replies to, then by its subject.

    Never an enquiry whose details were erased: nobody is left to reply to.
    """
    enquiries = Enquiry.objects.with_personal_data()
    for message_id in inbound.answers:
        found = (
            enquiries.filter(emails__message_id=message_id).first()
            or enquiries.filter(inbound_messages__message_id=message_id).first()
        )
        if found is not None:
            return found
    if reference := REFERENCE_IN_SUBJECT.search(inbound.subject):
        return enquiries.filter(reference=reference.group().upper()).first()
    return None


def _date(message: EmailMessage) -> datetime:
    try:
        sent_at = parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        return timezone.now()
    return sent_at if timezone.is_aware(sent_at) else timezone.make_aware(sent_at)


def _text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    return strip_tags(content) if body.get_content_type() == "text/html" else content


def _attachments(message: EmailMessage) -> list[dict]:
    return [
        {
            "name": part.get_filename() or "(no name)",
            "size": len(part.get_payload(decode=True) or b""),
        }
        for part in message.iter_attachments()
    ]


def _bounced_message_ids(report: EmailMessage) -> list[str]:
    """The Message-IDs of the returned message, in a delivery status report (RFC 3464)."""
    ids = []
    for part in report.walk():
        if part.get_content_type() == "message/rfc822":
            returned = part.get_payload()[0]
        elif part.get_content_type() == "text/rfc822-headers":
            returned = email.message_from_string(part.get_content(), policy=email.policy.default)
        else:
            continue
        ids += MESSAGE_ID.findall(str(returned.get("Message-ID", "")))
    return ids
