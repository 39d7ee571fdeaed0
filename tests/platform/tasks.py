"""Tasks for queue tests; at module level because workers import tasks by path."""

from django.tasks import task


@task
def do_nothing():
    pass
