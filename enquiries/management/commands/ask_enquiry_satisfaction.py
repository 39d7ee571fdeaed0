"""Email each enquirer, once, "Did we answer your question?" after their enquiry is closed.

Run it from cron every quarter of an hour. It asks enquiries we replied to and closed at
least an hour ago (so a mistaken close can be undone first) and at most a week ago, never
those marked sensitive, spam or erased. Idempotent: each enquiry is asked at most once,
however often (or however many copies of) the command runs.
"""

from django.core.management.base import BaseCommand

from enquiries import services


class Command(BaseCommand):
    help = "Ask enquirers, once each, whether we answered their question, after closing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be asked, and ask nobody."
        )

    def handle(self, *, dry_run, verbosity, **options):
        asked = services.satisfaction_questions_queue(dry_run=dry_run)
        verb = "would be asked" if dry_run else "asked"
        self.stdout.write(
            self.style.SUCCESS(f"{len(asked)} enquirer(s) {verb} whether we answered.")
        )
        if verbosity > 1:
            for reference in asked:
                self.stdout.write(f"  {reference}")
