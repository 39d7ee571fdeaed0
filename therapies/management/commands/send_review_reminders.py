"""Email the owner of each therapy page (and the editorial inbox) when its review is due.

One reminder when the page's clinical review is due within 30 days, another once it is
overdue, and no more for that due date: run it from cron daily, or as often as you like.
The reminders are queued in the outbox; the task worker sends them, and retries any that
fail, so a slow or broken mail server never holds this command (or the database) up.
"""

from django.core.management.base import BaseCommand

from therapies import services


class Command(BaseCommand):
    help = "Remind page owners, once per state, about therapy pages due or overdue for review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say which reminders would go, queue none."
        )

    def handle(self, *, dry_run, verbosity, **options):
        run = services.review_reminders_queue(dry_run=dry_run)
        verb = "would be queued" if dry_run else "queued"
        self.stdout.write(self.style.SUCCESS(f"{len(run.queued)} reminder(s) {verb}."))
        if verbosity > 1:
            for reminder in run.queued:
                self.stdout.write(f"  {reminder}")
