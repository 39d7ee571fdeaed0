"""The email task, run by the task worker (`manage.py run_worker`), never in a web request."""

from datetime import datetime
from functools import partial

from django.db import router, transaction
from django.tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from genesis_site import privacy
from outbox import delivery
from outbox.models import OutboundEmail


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


def deliver_once_committed(email_ids: list[int]) -> None:
    """Have the worker send these emails, queued in the current transaction, once it
    commits.

    The site's task queue, a table of the same database, is written in that transaction:
    each email and its task are committed together or not at all, without a write of
    their own (on SQLite every commit is a disk sync and a turn at the one write lock,
    which made the two tasks of an enquiry cost as much as the enquiry). Any other
    backend, such as the immediate one of some tests that sends there and then, is
    called after commit: nothing is sent from inside the transaction, and no task looks
    for an email before it is committed.
    """
    emails_database = router.db_for_write(OutboundEmail)
    if (
        isinstance(send_email.get_backend(), DatabaseBackend)
        and router.db_for_write(DBTaskResult) == emails_database
    ):
        enqueue_delivery(email_ids)
    else:
        transaction.on_commit(
            partial(enqueue_delivery, email_ids), using=emails_database, robust=True
        )
