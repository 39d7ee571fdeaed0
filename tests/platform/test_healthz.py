import tempfile
from datetime import timedelta
from unittest import mock

import time_machine
from django.db import OperationalError, connection
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from genesis_site.settings import STORAGES
from outbox.models import WorkerHeartbeat
from tests.factories import make_outbound_email
from tests.platform.tasks import do_nothing

ALL_OK = {"database": "ok", "tasks": "ok", "static_files": "ok", "worker": "ok", "email": "ok"}


@override_settings(
    HEALTHZ_STUCK_TASK_MINUTES=15,
    HEALTHZ_WORKER_SILENT_MINUTES=2,
    HEALTHZ_EMAIL_WAITING_MINUTES=10,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)
class HealthzTests(TestCase):
    def setUp(self):
        # A task worker looked for work a moment ago.
        self.heartbeat = WorkerHeartbeat.objects.create(worker_id="w1", host="worker-1", pid=1)

    def checks(self):
        return self.client.get("/healthz").json()["checks"]

    def test_healthy_node_answers_ok_and_is_never_cached(self):
        response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "checks": ALL_OK})
        self.assertIn("no-store", response.headers["Cache-Control"])

    def test_no_worker_looking_for_work_for_two_minutes_means_it_stopped(self):
        with time_machine.travel(self.heartbeat.last_seen_at + timedelta(minutes=2), tick=False):
            self.assertEqual(self.client.get("/healthz").status_code, 200)
        with time_machine.travel(
            self.heartbeat.last_seen_at + timedelta(minutes=2, seconds=1), tick=False
        ):
            response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"], ALL_OK | {"worker": "stopped"})

    def test_a_worker_that_never_started_is_stopped(self):
        WorkerHeartbeat.objects.all().delete()

        self.assertEqual(self.checks()["worker"], "stopped")

    def test_any_one_live_worker_is_enough(self):
        WorkerHeartbeat.objects.create(
            worker_id="w0", host="worker-0", pid=1, last_seen_at=timezone.now() - timedelta(days=1)
        )

        self.assertEqual(self.checks()["worker"], "ok")

    @time_machine.travel(timezone.now(), tick=False)
    def test_an_email_queued_ten_minutes_ago_and_still_unsent_is_delayed(self):
        ten_minutes_ago = timezone.now() - timedelta(minutes=10)
        make_outbound_email(queued_at=ten_minutes_ago)
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        make_outbound_email(status="sending", queued_at=ten_minutes_ago - timedelta(seconds=1))

        response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"], ALL_OK | {"email": "delayed"})

    def test_old_emails_sent_or_given_up_on_are_not_delayed(self):
        long_ago = timezone.now() - timedelta(days=1)
        make_outbound_email(status="sent", sent_at=long_ago, queued_at=long_ago)
        make_outbound_email(status="failed", next_attempt_at=None, queued_at=long_ago)

        self.assertEqual(self.checks()["email"], "ok")

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
                "checks": dict.fromkeys(ALL_OK, "unreachable") | {"static_files": "ok"},
            },
        )

    def test_task_waiting_longer_than_the_limit_means_the_queue_is_stuck(self):
        with time_machine.travel(timezone.now() - timedelta(minutes=16)):
            do_nothing.enqueue()

        response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"], ALL_OK | {"tasks": "stuck"})

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
