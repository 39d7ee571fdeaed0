"""Rescue queued emails now, as the task worker does on start and every half minute.

It covers an email whose worker was killed mid-send (it may then be sent twice, with the
same Message-ID) and an email whose task was never enqueued or was lost. The worker runs
the same rescue itself; this command is for looking (--dry-run) or acting by hand. Safe
to run at any time: sending claims each email first, so extra tasks do nothing.
"""

from django.core.management.base import BaseCommand

from outbox import services


class Command(BaseCommand):
    help = "Re-queue emails left 'sending' by a dead worker and re-enqueue lost email tasks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be re-queued; change nothing."
        )

    def handle(self, *, dry_run, **options):
        recovery = services.emails_recover(dry_run=dry_run)
        verb = "Would re-queue" if dry_run else "Re-queued"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {recovery.stuck} email(s) left sending by a stopped worker "
                f"and {recovery.lost} email(s) whose task was lost."
            )
        )
