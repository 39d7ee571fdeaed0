"""Email the triage inbox about enquiries whose reply is due soon or overdue.

Run it from cron every few minutes. It is idempotent: each enquiry gets at most one
"due soon" and one "overdue" alert, however often (or however many copies of) the
command runs.
"""

from django.core.management.base import BaseCommand

from enquiries import services


class Command(BaseCommand):
    help = "Alert the triage inbox, once each, about enquiries due soon or overdue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--within",
            type=float,
            metavar="HOURS",
            help="Alert about replies due within this many clock hours (default: those the "
            "queue shows as due soon, the last ENQUIRY_DUE_SOON_HOURS counted as the response "
            "policy counts them).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say which alerts would be sent, and send none.",
        )

    def handle(self, *, within, dry_run, verbosity, **options):
        alerts = services.sla_alerts_queue(within_hours=within, dry_run=dry_run)
        verb = "would be queued" if dry_run else "queued"
        for label, references in [("Due soon", alerts.due_soon), ("Overdue", alerts.overdue)]:
            self.stdout.write(self.style.SUCCESS(f"{label}: {len(references)} alert(s) {verb}."))
            if verbosity > 1:
                for reference in references:
                    self.stdout.write(f"  {reference}")
