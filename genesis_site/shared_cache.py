"""Data every page reads, kept in the shared cache instead of queried on each request.

``@kept_until_changed(key, models)`` keeps what a function reads from the database in the
default cache (Redis in production, files on one machine) until a row of one of
``models`` is saved or deleted. The cache is forgotten at once, for the request making
the change, and again when its transaction commits, so that another request that read
the old rows meanwhile cannot keep them. ``seconds`` bounds what a change made around the
signals (``QuerySet.update()``, SQL by hand) could leave stale.
"""

import functools
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

MISSING = object()


def kept_until_changed(key: str, models: tuple[str, ...], seconds: int = 300):
    """Decorate a function of no arguments; ``models`` are "app_label.ModelName"."""

    def decorator(read: Callable[[], object]) -> Callable[[], object]:
        @functools.wraps(read)
        def cached():
            value = cache.get(key, MISSING)
            if value is MISSING:
                value = read()
                cache.set(key, value, seconds)
            return value

        def forget(sender, using=None, **kwargs):
            cache.delete(key)
            transaction.on_commit(functools.partial(cache.delete, key), using=using)

        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(
                    forget, sender=model, weak=False, dispatch_uid=f"{key}:{model}:{id(signal)}"
                )
        return cached

    return decorator
