"""Background tasks, run by `manage.py db_worker` (settings.TASKS), never in a web request."""

from django.tasks import task

from enquiries import services


@task()
def send_email(email_id: int) -> str:
    """Send one queued OutboundEmail; on failure it re-enqueues itself with backoff."""
    return services.outbound_email_deliver(email_id=email_id)
