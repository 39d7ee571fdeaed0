from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """Every email the site sends, queued with the change that causes it, and the worker
    that sends them. Knows no product app: they register with outbox.registry."""

    name = "outbox"
    verbose_name = "Email and task worker"
    # Read by genesis_site.health, which must not import any app: check name -> function.
    health_checks = {
        "worker": "outbox.health.worker_state",
        "email": "outbox.health.email_state",
    }
