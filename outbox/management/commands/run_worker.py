"""Run the background task worker: it sends every email, and survives database trouble.

Use this rather than django-tasks-db's ``db_worker``, which exits on the first database
error (see outbox/worker.py). Run it under a supervisor that restarts it whatever the
reason it stopped (systemd's Restart=always; `make run` and `make serve` do it in a loop).
"""

import logging
import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import valid_interval, validate_worker_id

from outbox.worker import SupervisedWorker


class Command(BaseCommand):
    help = "Run the task worker (sends email); it waits out database errors instead of exiting."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1,
            help="Seconds to wait when no task is ready (default: %(default)s).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Rescue stuck emails, run every ready task, then exit.",
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            default=settings.DEBUG,
            help="Restart on code changes (default: on when DEBUG is).",
        )
        parser.add_argument("--no-reload", action="store_false", dest="reload")
        parser.add_argument(
            "--worker-id",
            type=validate_worker_id,
            default=get_random_string(32),
            help="Unique among running workers (default: a random one).",
        )

    def handle(self, *, interval, batch, reload, worker_id, verbosity, **options):
        self.configure_logging(verbosity)
        worker = SupervisedWorker(
            worker_id=worker_id,
            interval=interval,
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            excluded_queue_names=[],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            max_tasks=None,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloaded child only, as db_worker does
            run_with_reloader(worker.serve)
        else:
            worker.configure_signals()
            worker.serve(once=batch)

    def configure_logging(self, verbosity: int) -> None:
        """As db_worker does, from ``verbosity``; the root logger's handler prints them."""
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        logging.getLogger("django.tasks").setLevel(level)  # each task started and finished
        logging.getLogger("outbox").setLevel(level)
        # django_tasks_db reports each of our one-batch runs starting and ending: noise.
        logging.getLogger("django_tasks_db").setLevel(max(level, logging.WARNING))
