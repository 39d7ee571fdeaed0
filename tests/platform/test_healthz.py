import tempfile
from datetime import timedelta
from unittest import mock

import time_machine
from django.db import OperationalError, connection
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from genesis_site.settings import STORAGES
from tests.platform.tasks import do_nothing


@override_settings(
    HEALTHZ_STUCK_TASK_MINUTES=15,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)
class HealthzTests(TestCase):
    def test_healthy_node_answers_ok_and_is_never_cached(self):
        response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {"status": "ok", "checks": {"database": "ok", "tasks": "ok", "static_files": "ok"}},
        )
        self.assertIn("no-store", response.headers["Cache-Control"])

    def test_answers_a_probe_addressed_to_the_node_itself(self):
        # Load balancers send the node's own address as Host, which ALLOWED_HOSTS refuses.
        self.assertEqual(self.client.get("/", headers={"host": "10.0.0.7"}).status_code, 400)

        response = self.client.get("/healthz", headers={"host": "10.0.0.7"})

        self.assertEqual(response.status_code, 200)

    def test_unreachable_database_makes_the_node_unavailable(self):
        with mock.patch.object(
            connection, "cursor", side_effect=OperationalError("connection refused")
        ):
            response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json(),
            {
                "status": "unavailable",
                "checks": {
                    "database": "unreachable",
                    "tasks": "unreachable",
                    "static_files": "ok",
                },
            },
        )

    def test_task_waiting_longer_than_the_limit_means_the_queue_is_stuck(self):
        with time_machine.travel(timezone.now() - timedelta(minutes=16)):
            do_nothing.enqueue()

        response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["tasks"], "stuck")

    def test_recent_and_future_tasks_are_not_stuck(self):
        with time_machine.travel(timezone.now() - timedelta(minutes=14)):
            do_nothing.enqueue()
            do_nothing.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()

        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_delayed_task_overdue_by_more_than_the_limit_is_stuck(self):
        with time_machine.travel(timezone.now() - timedelta(hours=1)):
            do_nothing.using(run_after=timezone.now() + timedelta(minutes=44)).enqueue()

        self.assertEqual(self.client.get("/healthz").json()["checks"]["tasks"], "stuck")

    def test_finished_tasks_do_not_count(self):
        with time_machine.travel(timezone.now() - timedelta(hours=1)):
            result = do_nothing.enqueue()
        DBTaskResult.objects.filter(pk=result.id).update(status="SUCCESSFUL")

        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_a_release_without_collected_static_files_is_unavailable(self):
        # Pages link stylesheets through the manifest collectstatic writes; without it,
        # every page would answer 500.
        with (
            tempfile.TemporaryDirectory() as empty_static_root,
            override_settings(STATIC_ROOT=empty_static_root, STORAGES=STORAGES),
        ):
            response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["static_files"], "missing")

    def test_only_reads_are_allowed(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)
