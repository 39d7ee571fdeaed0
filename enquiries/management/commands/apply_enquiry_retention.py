"""Erase enquirers' details once we no longer need them (UK GDPR storage limitation).

Run nightly from cron. Each enquiry closed (or marked as spam) more than
ENQUIRY_RETENTION_DAYS ago loses the enquirer's name, contact details and message,
its internal notes, the emails we sent about it and their task records; what the
response report counts stays. Enquiries held as suspected spam that nobody released
within ENQUIRY_SPAM_RETENTION_DAYS are deleted whole: the report never counted them, and
so are replies from the triage mailbox that matched no enquiry and nobody attached.
Safe to run again or twice at once: what is done no longer matches. Each run that
erases or deletes anything leaves an ErasureRecord.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from enquiries import conversation, services


class Command(BaseCommand):
    help = (
        "Erase the personal details of enquiries closed more than "
        "ENQUIRY_RETENTION_DAYS ago, with their emails, notes and task records, and "
        "delete those held as suspected spam for ENQUIRY_SPAM_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be erased; change nothing."
        )

    def handle(self, *, dry_run, verbosity, **options):
        erased = services.enquiries_apply_retention(dry_run=dry_run)
        purged = services.enquiries_purge_held_spam(dry_run=dry_run)
        unmatched = conversation.inbound_purge_unmatched(dry_run=dry_run)
        if verbosity:
            erase, delete = ("Would erase", "Would delete") if dry_run else ("Erased", "Deleted")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{erase} the personal details of {erased} enquiry(s) closed more than "
                    f"{settings.ENQUIRY_RETENTION_DAYS} days ago."
                )
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"{delete} {purged} enquiry(s) held as suspected spam for more than "
                    f"{settings.ENQUIRY_SPAM_RETENTION_DAYS} days."
                )
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"{delete} {unmatched} unmatched reply(s) left unattached for more than "
                    f"{settings.ENQUIRY_SPAM_RETENTION_DAYS} days."
                )
            )
