"""Load the demo clinic: the demo content of every content app (therapy pages, centres,
specialists, site pages), each declared as ``site_content.demo`` on the app's AppConfig.

`make run` calls this on every start, so it must be idempotent: each app's
`demo.load()` creates what is missing and leaves existing rows (and any edits
made to them in the admin) alone.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from genesis_site import site_content


class Command(BaseCommand):
    help = "Create the demo content where it is missing. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            # In INSTALLED_APPS order: centres link to the demo therapy.
            created = sum(load() for load in site_content.demo_loaders())
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: created {created} objects."))
        else:
            self.stdout.write("Demo content already loaded; nothing to do.")
