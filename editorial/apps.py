from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "editorial"

    def ready(self):
        from editorial import checks, roles  # noqa: F401  (checks registers the system checks)

        post_migrate.connect(roles.roles_sync_after_migrate, sender=self)
