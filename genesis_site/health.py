"""``/healthz`` for load balancers: can this node serve requests, and is the task queue moving?

The answer holds no personal data and no counts: only "ok" or what is wrong. Apps add
their own checks without this module importing them: an AppConfig's ``health_checks``
maps a check's name to the dotted path of a function returning "ok" or what is wrong
(outbox/apps.py: is a task worker running, is email going out).
"""

from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import JsonResponse
from django.tasks import task_backends
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

HEALTHZ_PATH = "/healthz"


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def has_stuck_task(backend, *, due_before: datetime) -> bool:
    """Whether ``backend`` holds a task that was ready to run before ``due_before``.

    Backends that run tasks inside the web process (immediate, dummy) have no
    queue to get stuck.
    """
    if isinstance(backend, DatabaseBackend):
        # run_after holds a far-future sentinel for "as soon as possible".
        return (
            DBTaskResult.objects.ready()
            .filter(backend_name=backend.alias)
            .filter(
                Q(run_after=get_date_max(), enqueued_at__lt=due_before)
                | Q(run_after__lt=due_before)
            )
            .exists()
        )
    return False


def task_queue_state() -> str:
    due_before = timezone.now() - timedelta(minutes=settings.HEALTHZ_STUCK_TASK_MINUTES)
    try:
        stuck = any(
            has_stuck_task(backend, due_before=due_before) for backend in task_backends.all()
        )
    except DatabaseError:
        return "unreachable"
    return "stuck" if stuck else "ok"


def static_files_collected() -> bool:
    """Whether pages can link their stylesheets and scripts.

    With DEBUG off, the hashed names come from the manifest `collectstatic` writes,
    read once when the process starts: without it every page answers 500.
    """
    return (
        settings.DEBUG
        or not isinstance(staticfiles_storage, ManifestFilesMixin)
        or bool(staticfiles_storage.hashed_files)
    )


def app_states() -> dict[str, str]:
    """The answer of each check that an installed app offers in its ``health_checks``."""
    states = {}
    for app_config in apps.get_app_configs():
        for name, path in getattr(app_config, "health_checks", {}).items():
            try:
                states[name] = import_string(path)()
            except DatabaseError:
                states[name] = "unreachable"
    return states


@never_cache
@require_safe
def healthz(request):
    checks = {
        "database": "ok" if database_answers() else "unreachable",
        "tasks": task_queue_state(),
        "static_files": "ok" if static_files_collected() else "missing",
        **app_states(),
    }
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


class HealthCheckMiddleware:
    """Serve ``/healthz`` before Django validates the Host header.

    Load balancers probe each node by its own address, which is not in
    ALLOWED_HOSTS; the health answer does not depend on the host name.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)
