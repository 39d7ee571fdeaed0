"""The task worker: django-tasks-db's worker, kept alive through database trouble.

django-tasks-db's own loop (``manage.py db_worker``) exits on the first database error
outside a task: "database is locked" when another process holds SQLite's write lock for
longer than the busy timeout, or a PostgreSQL restart. Nothing then sends email until
someone notices. This worker runs that loop one batch of ready tasks at a time, and
between batches:

- writes a heartbeat (WorkerHeartbeat), which /healthz reads;
- rescues emails whose worker died mid-send or whose task was lost, on start and every
  RECOVERY_SECONDS (outbox.services.emails_recover);
- on a database error, waits (1, 2, 4... seconds, at most BACKOFF_MAX_SECONDS) and tries
  again, for as long as it takes.
"""

import logging
import os
import socket
import time
from contextlib import suppress
from datetime import timedelta

from django.db import DatabaseError, InterfaceError, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from outbox import services
from outbox.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
RECOVERY_SECONDS = 30
BACKOFF_MAX_SECONDS = 60
# Rows of workers gone this long are removed when a worker starts.
FORGET_WORKERS_AFTER = timedelta(days=1)


class SupervisedWorker(Worker):
    def __init__(self, *, worker_id: str, interval: float, **options):
        # One batch per run(): it returns when no task is ready, back to serve().
        super().__init__(
            worker_id=worker_id, interval=interval, batch=True, startup_delay=False, **options
        )
        self.last_heartbeat = self.last_recovery = -float("inf")

    def serve(self, *, once: bool = False) -> None:
        """Run tasks until stopped by a signal; with ``once``, until none is ready."""
        logger.info("Task worker %s started", self.worker_id)
        backoff = 1.0
        while self.running:
            try:
                self.beat()
                self.recover()
                self.run()
            except (DatabaseError, InterfaceError) as error:
                logger.warning(
                    "The database is unavailable (%s); trying again in %.0f s",
                    type(error).__name__,
                    backoff,
                )
                # A connection the error broke would fail every query after it.
                connections.close_all()
                time.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX_SECONDS)
                continue
            backoff = 1.0
            if once:
                return
            if self.running:
                time.sleep(self.interval)

    def run_task(self, db_task_result) -> None:
        # A long run of sends is a run of polls too: /healthz must not think us gone. But
        # the task is claimed already: a heartbeat the database refuses must not stop it.
        with suppress(DatabaseError):
            self.beat()
        super().run_task(db_task_result)

    def beat(self) -> None:
        if time.monotonic() - self.last_heartbeat < HEARTBEAT_SECONDS:
            return
        now = timezone.now()
        if not WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(last_seen_at=now):
            WorkerHeartbeat.objects.filter(last_seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
            WorkerHeartbeat.objects.create(
                worker_id=self.worker_id,
                host=socket.gethostname(),
                pid=os.getpid(),
                started_at=now,
                last_seen_at=now,
            )
        self.last_heartbeat = time.monotonic()

    def recover(self) -> None:
        if time.monotonic() - self.last_recovery < RECOVERY_SECONDS:
            return
        recovery = services.emails_recover()
        if recovery.stuck or recovery.lost:
            logger.warning(
                "Queued %s email(s) again whose worker stopped mid-send and %s whose task was lost",
                recovery.stuck,
                recovery.lost,
            )
        self.last_recovery = time.monotonic()
