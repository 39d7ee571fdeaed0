from django.apps import AppConfig


class TherapiesConfig(AppConfig):
    name = "therapies"

    def ready(self):
        from outbox import registry
        from therapies.models import ReviewReminder, Therapy

        registry.register(Therapy, kinds=ReviewReminder)
