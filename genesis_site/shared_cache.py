"""Data every page reads, kept instead of queried on each request.

``@kept_until_changed(key, models)`` keeps what a function reads from the database until a
row of one of ``models`` is saved or deleted: in each process's memory for as long as the
content version of the page cache stays the same (genesis_site/page_cache.py: read from
the shared cache at most once a second), and in the shared cache (Redis in production,
files on one machine) for the other processes.

A change forgets it at once in the process making it, and in the shared cache both at
once and when its transaction commits (so that another request that read the old rows
meanwhile cannot keep them); the commit also brings a new content version, which the
other processes see within a second. ``seconds`` bounds what a change made around the
signals (``QuerySet.update()``, SQL by hand) could leave stale in the shared cache.

Every request in a process gets the same object back: read it, never change it.
"""

import functools
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from genesis_site.page_cache import bump_content_version, content_version

MISSING = object()
# {key: (content version, value)} of this process.
_memory: dict[str, tuple[int, object]] = {}


def kept_until_changed(key: str, models: tuple[str, ...], seconds: int = 300):
    """Decorate a function of no arguments; ``models`` are "app_label.ModelName"."""

    def decorator(read: Callable[[], object]) -> Callable[[], object]:
        @functools.wraps(read)
        def kept():
            version = content_version()
            remembered_version, value = _memory.get(key, (None, MISSING))
            if remembered_version != version:
                value = cache.get(key, MISSING)
                if value is MISSING:
                    value = read()
                    cache.set(key, value, seconds)
                _memory[key] = (version, value)
            return value

        def forget(sender, using=None, **kwargs):
            _memory.pop(key, None)
            cache.delete(key)
            transaction.on_commit(functools.partial(cache.delete, key), using=using)
            transaction.on_commit(bump_content_version, using=using)

        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(
                    forget, sender=model, weak=False, dispatch_uid=f"{key}:{model}:{id(signal)}"
                )
        return kept

    return decorator
