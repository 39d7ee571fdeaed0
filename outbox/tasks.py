"""The email task, run by the task worker (`manage.py run_worker`), never in a web request."""

from datetime import datetime

from django.tasks import task

from genesis_site import privacy
from outbox import delivery


@task()
def send_email(email_id: int) -> str:
    """Send one queued OutboundEmail; on failure it enqueues itself again, with backoff."""
    with privacy.scope():
        try:
            result = delivery.deliver(email_id=email_id)
            if result.retry_at is not None:
                enqueue_delivery([email_id], run_after=result.retry_at)
            return result.outcome
        except Exception as error:
            # The task backend stores the traceback in the database and logs it.
            raise privacy.scrubbed(error) from None


def enqueue_delivery(email_ids: list[int], *, run_after: datetime | None = None) -> None:
    task = send_email
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # e.g. the immediate backend in tests; the worker's recovery picks it up
        task = task.using(run_after=run_after)
    for email_id in email_ids:
        task.enqueue(email_id)
