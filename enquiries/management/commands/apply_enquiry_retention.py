"""Erase enquirers' details once we no longer need them (UK GDPR storage limitation).

Run nightly from cron. Each enquiry closed (or marked as spam) more than
ENQUIRY_RETENTION_DAYS ago loses the enquirer's name, contact details and message,
its internal notes, the emails we sent about it and their task records; what the
response report counts stays. Safe to run again or twice at once: erased enquiries
no longer match. Each run that erases anything leaves an ErasureRecord.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from enquiries import services


class Command(BaseCommand):
    help = (
        "Erase the personal details of enquiries closed more than "
        "ENQUIRY_RETENTION_DAYS ago, with their emails, notes and task records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be erased; change nothing."
        )

    def handle(self, *, dry_run, verbosity, **options):
        count = services.enquiries_apply_retention(dry_run=dry_run)
        if verbosity:
            verb = "Would erase" if dry_run else "Erased"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} the personal details of {count} enquiry(s) closed more than "
                    f"{settings.ENQUIRY_RETENTION_DAYS} days ago."
                )
            )
