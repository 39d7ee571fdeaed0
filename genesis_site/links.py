"""``cached_reverse()``: Django's ``reverse()``, worked out once per process for each page.

Every page links to others by their view names (``get_absolute_url()``, the navigation),
and each ``reverse()`` walks the URL patterns again: a therapy page made eight of them.
The answer depends only on the arguments, the URLconf and the script prefix, so it is
remembered for each of those.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse


def cached_reverse(viewname: str, *, args: tuple = (), kwargs: dict | None = None) -> str:
    items = tuple(sorted((kwargs or {}).items()))
    return _reverse(viewname, tuple(args), items, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=4096)
def _reverse(viewname: str, args: tuple, kwargs: tuple, _urlconf, _script_prefix) -> str:
    return reverse(viewname, args=args, kwargs=dict(kwargs))
