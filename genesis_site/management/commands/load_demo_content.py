"""Load the demo clinic: therapy pages, site pages, centres and specialists.

`make run` calls this on every start, so it must be idempotent: each app's
`demo.load()` creates what is missing and leaves existing rows (and any edits
made to them in the admin) alone.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: centres link to therapies.
DEMO_MODULES = ["therapies.demo", "pages.demo", "centres.demo"]


class Command(BaseCommand):
    help = "Create the demo content where it is missing. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = sum(import_module(name).load() for name in DEMO_MODULES)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: created {created} objects."))
        else:
            self.stdout.write("Demo content already loaded; nothing to do.")
