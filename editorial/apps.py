from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "editorial"

    def ready(self):
        from editorial import checks, roles  # noqa: F401  (checks registers the system checks)
        from editorial.notifications import ReviewEmail
        from editorial.services import publishable_models
        from outbox import registry

        post_migrate.connect(roles.roles_sync_after_migrate, sender=self)
        # Every model is loaded before any ready(): each page type, whichever app it is in.
        for model in publishable_models():
            registry.register(model, kinds=ReviewEmail)
