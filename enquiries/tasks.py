"""Background tasks, run by `manage.py db_worker` (settings.TASKS), never in a web request."""

from django.tasks import task

from enquiries import services
from genesis_site import privacy


@task()
def send_email(email_id: int) -> str:
    """Send one queued OutboundEmail; on failure it re-enqueues itself with backoff."""
    with privacy.scope():
        try:
            return services.outbound_email_deliver(email_id=email_id)
        except Exception as error:
            # The task backend stores the traceback in the database and logs it.
            raise privacy.scrubbed(error) from None
