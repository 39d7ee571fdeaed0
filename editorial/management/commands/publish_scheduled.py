"""Carry out the go-live and take-down times that have passed.

The public pages honour these times by themselves: they compare them with the clock on every
request. This command catches the rows up: approved drafts of live pages replace them when
their time comes, pages past their take-down time are archived, and each change is recorded
in the page's history and refreshes cached pages. Run it from cron every minute or few; it is
idempotent, and two copies running at once act on each page only once.
"""

from django.core.management.base import BaseCommand

from editorial import services


class Command(BaseCommand):
    help = "Publish the approved drafts and take down the pages whose scheduled time has come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change, and change nothing."
        )

    def handle(self, *, dry_run, verbosity, **options):
        run = services.schedules_apply(dry_run=dry_run)
        verb = "would" if dry_run else "did"
        for label, pages in [("go live", run.went_live), ("come down", run.taken_down)]:
            self.stdout.write(self.style.SUCCESS(f"{len(pages)} page(s) {verb} {label}."))
            if verbosity > 1:
                for page in pages:
                    self.stdout.write(f"  {page}")
