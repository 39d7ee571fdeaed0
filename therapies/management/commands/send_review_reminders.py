"""Email the owner of each therapy page (and the editorial inbox) when its review is due.

One reminder when the page's clinical review is due within 30 days, another once it is
overdue, and no more for that due date: run it from cron daily, or as often as you like.
A reminder that fails to send is tried again on the next run.
"""

from django.core.management.base import BaseCommand, CommandError

from therapies import services


class Command(BaseCommand):
    help = "Remind page owners, once per state, about therapy pages due or overdue for review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say which reminders would go, send none."
        )

    def handle(self, *, dry_run, verbosity, **options):
        run = services.review_reminders_send(dry_run=dry_run)
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(self.style.SUCCESS(f"{len(run.sent)} reminder(s) {verb}."))
        if verbosity > 1:
            for reminder in run.sent:
                self.stdout.write(f"  {reminder}")
        if run.failed:
            raise CommandError(
                f"{len(run.failed)} reminder(s) could not be sent and will be tried again: "
                + "; ".join(run.failed)
            )
