"""Serve public content pages to anonymous visitors from the shared cache.

Only GET requests for a page of the content apps (the apps that declare their
``site_content``: genesis_site/site_content.py) are cached, and only for visitors
without a session or messages cookie whose query string, if any, only tracks
campaigns. Only complete, public answers are stored: status 200, no cookie set, no
``Cache-Control`` that forbids it, and no CSP nonce used (a stored nonce would be
shared by every visitor, letting anyone who saw one copy inject a script that every
later visitor's browser would run; our pages need none: JSON-LD is data, which CSP
does not apply to). ``Vary`` is honoured by keeping one copy per value of the headers
it names, as Django's own cache middleware does (see ``_varying_value()`` for Cookie).
So the enquiry form, the admin, /healthz and anything personal always reach their views.

This is the first middleware: a stored page is answered before anything else runs,
with the headers the rest of the stack gave it (security headers included). Stored
pages are the same bytes for everyone, so they are also marked for standard HTTP caches:
``Cache-Control: public`` with ``s-maxage`` for a CDN or nginx in front, ``max-age=0``
so browsers check back, and an ``ETag`` and ``Last-Modified`` that let both ask again
cheaply: a matching ``If-None-Match`` gets ``304 Not Modified``.

Invalidation: every key includes a content version kept in the cache. Saving or
deleting any model of the content apps replaces it once the transaction commits. The
worker that made the change uses the new version at once; every other worker reads the
version from the shared cache at most once a second (``VERSION_CHECK_SECONDS``), so a
stored page costs no file read or network round trip, and a published change shows on
every worker and node within a second. The entries of older versions are never read
again and expire. Records no page shows (each app lists them in its
``site_content.not_on_pages``) are left out: emptying the cache for each answer to
"Was this page helpful?" would leave nothing cached on a busy day.
"""

import functools
import hashlib
import math
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest, get_path_info
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.csp import get_nonce
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, get_max_age, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, split_directive_names

from genesis_site import site_content

VERSION_KEY = "page-cache:version"
# Campaign links add these; they never change what a page shows.
IGNORED_QUERY_PARAMETERS = frozenset(
    {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "gclid", "fbclid"}
)
UNCACHEABLE_CONTROL = frozenset({"private", "no-cache", "no-store"})
# How long a worker may go on using the content version it last read.
VERSION_CHECK_SECONDS = 1


class ContentVersion:
    """This process's copy of the shared content version, read again once a second."""

    def __init__(self):
        self.value, self.read_at = None, -math.inf

    def get(self) -> int:
        now = time.time()
        if not 0 <= now - self.read_at < VERSION_CHECK_SECONDS:
            if (version := cache.get(VERSION_KEY)) is None:
                cache.add(VERSION_KEY, _new_version(), None)
                version = cache.get(VERSION_KEY)
            self.value, self.read_at = version, now
        return self.value

    def bump(self) -> None:
        self.value, self.read_at = _new_version(), time.time()
        cache.set(VERSION_KEY, self.value, None)


def _new_version() -> int:
    # Random, not an increment or the time: if the key is ever evicted, a restarted count
    # could meet old entries again, and two changes can happen within one clock tick (or
    # under a frozen clock in tests).
    return secrets.randbits(63)


_version = ContentVersion()


def bump_content_version() -> None:
    _version.bump()


def content_version() -> int:
    return _version.get()


def content_changed(sender, using=None, **kwargs) -> None:
    if site_content.is_shown_on_pages(sender):
        # After commit: a request reading the new version must also read the new data.
        transaction.on_commit(bump_content_version, using=using)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page_cache.{signal}")


def stored_page(request) -> HttpResponse | None:
    """The stored answer to a public page request (is_public_page_request()), if any."""
    page = f"{_host_name(request)}{request.path}"
    if (entry := _stored_entry(page, functools.partial(_varying_value, request))) is None:
        return None
    return AnonymousPageCacheMiddleware.from_entry(request, entry)


def _stored_entry(page: str, value_of: Callable[[str], str]) -> tuple | None:
    """The entry stored for ``page`` with the values (``value_of(header)``) of the headers
    it varies on, if any."""
    if (vary := _recent.get(_vary_key(page))) is None:
        return None
    return _recent.get(_page_key(page, content_version(), {h: value_of(h) for h in vary}))


def serve_stored_pages(django_application):
    """The WSGI application, answering stored public pages before Django's handler runs.

    The outermost layer (genesis_site/wsgi.py): a stored page costs no request signals,
    database connection checks or middleware, which cost more than finding it. Everything
    else, and every page not stored yet, goes to Django, whose first middleware stores it.
    """

    def application(environ, start_response):
        if settings.PAGE_CACHE_SECONDS:
            if (answer := _plain_stored_answer(environ)) is not None:
                headers, content = answer
                start_response("200 OK", headers)
                return [content]
            request = WSGIRequest(environ)
            response = (
                stored_page(request)
                if AnonymousPageCacheMiddleware.is_public_page_request(request)
                else None
            )
            if response is not None:
                start_response(
                    f"{response.status_code} {response.reason_phrase}", [*response.items()]
                )
                return [response.content]
        return django_application(environ, start_response)

    return application


def _plain_stored_answer(environ) -> tuple[list, bytes] | None:
    """The stored page for the commonest request, read from the WSGI environ alone.

    That is a GET over HTTPS with no cookie, credentials, query string or condition, as
    from a first-time visitor or a CDN. Anything else (None) takes the longer way, through
    Django's request object. The host needs no check against ALLOWED_HOSTS here: pages
    are stored under the host they were served for, which Django had checked.
    """
    if (
        environ["REQUEST_METHOD"] != "GET"
        or environ.get("QUERY_STRING")
        or environ.get("SCRIPT_NAME")
        or not LONGER_WAY_HEADERS.isdisjoint(environ)
        or settings.USE_X_FORWARDED_HOST
        or (settings.SECURE_SSL_REDIRECT and not _is_secure(environ))
    ):
        return None
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    page = f"{split_domain_port(host)[0]}{get_path_info(environ)}"
    entry = _stored_entry(
        page, lambda header: environ.get(f"HTTP_{header.upper().replace('-', '_')}", "")
    )
    if entry is None:
        return None
    _status, headers, content = entry
    return [*headers.items(), ("Content-Length", str(len(content)))], content


# Environ keys of requests that take the longer way: a visitor with cookies (signed in, a
# message waiting, or a page varying on them), credentials, or a conditional request.
LONGER_WAY_HEADERS = frozenset(
    {"HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"}
)


def _is_secure(environ) -> bool:
    if settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        return environ.get(header) == value
    return environ.get("wsgi.url_scheme") == "https"


def _page_key(page: str, version: int, varying: dict[str, str]) -> str:
    values = [page] + [f"{header}={value}" for header, value in varying.items()]
    return f"page-cache:{version}:{_digest(chr(10).join(values))}"


def _vary_key(page: str) -> str:
    return f"page-cache:vary:{_digest(page)}"


class RecentEntries:
    """The shared cache, with the entries this worker used lately also kept in memory.

    An entry never changes under its key: page keys hold the content version, and the
    headers a page varies on change only with the code. So a worker may answer from
    memory, sparing a file read and decompression (or a round trip to Redis), as long as
    the version itself is read from the shared cache now and then (ContentVersion).
    Each entry is stored with its expiry time, which memory honours too.
    """

    def __init__(self, size: int = 256):
        self.size = size
        self.entries = {}

    def get(self, key: str):
        item = self.entries.get(key) or cache.get(key)
        if item is None or item[0] <= time.time():
            return None
        self.keep(key, item)
        return item[1]

    def set(self, key: str, value, timeout: int) -> None:
        item = (time.time() + timeout, value)
        cache.set(key, item, timeout)
        self.keep(key, item)

    def keep(self, key: str, item: tuple) -> None:
        if len(self.entries) >= self.size and key not in self.entries:
            self.entries.clear()  # crude, but bounded; a busy site has few pages
        self.entries[key] = item


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not self.is_public_page_request(request):
            return self.get_response(request)
        if (stored := stored_page(request)) is not None:
            return stored
        response = self.get_response(request)
        if (timeout := self.cache_timeout(request, response)) is not None:
            self.mark_public(response, timeout)
            entry = self.to_entry(response)
            page = f"{_host_name(request)}{request.path}"
            vary = _names(response, "Vary")
            _recent.set(_vary_key(page), vary, timeout)
            _recent.set(self.page_key(request, page, content_version(), vary), entry, timeout)
            return self.from_entry(request, entry)
        return response

    @staticmethod
    def is_public_page_request(request) -> bool:
        if request.method != "GET" or "authorization" in request.headers:
            return False
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return False  # SecurityMiddleware redirects it to HTTPS
        if {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name} & request.COOKIES.keys():
            return False  # signed in, or a message is waiting to be shown
        if not request.GET.keys() <= IGNORED_QUERY_PARAMETERS:
            return False
        try:
            _host_name(request)
        except DisallowedHost:
            return False  # the rest of the stack answers 400
        return _in_content_app(
            settings.ROOT_URLCONF, request.path_info, site_content.page_namespaces()
        )

    @staticmethod
    def cache_timeout(request, response) -> int | None:
        """How long the response may be cached, or None if it must not be."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        if get_nonce(request):  # falsy unless the page used it
            return None
        directives = set(_names(response, "Cache-Control"))
        if directives & UNCACHEABLE_CONTROL or "*" in _names(response, "Vary"):
            return None
        max_age = get_max_age(response)
        timeout = min(math.inf if max_age is None else max_age, settings.PAGE_CACHE_SECONDS)
        return timeout or None

    @staticmethod
    def mark_public(response, timeout: int) -> None:
        """Let a CDN or proxy keep the page as long as we do; browsers ask each time."""
        patch_cache_control(response, public=True, max_age=0, s_maxage=timeout)
        response.headers["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response.headers["Last-Modified"] = http_date()

    @staticmethod
    def page_key(request, page: str, version: int, vary: tuple[str, ...]) -> str:
        return _page_key(
            page, version, {header: _varying_value(request, header) for header in vary}
        )

    @staticmethod
    def to_entry(response) -> tuple:
        headers = dict(response.headers)
        headers.pop("Content-Length", None)
        return response.status_code, headers, response.content

    @staticmethod
    def from_entry(request, entry: tuple) -> HttpResponse:
        status, headers, content = entry
        response = HttpResponse(content, status=status, headers=headers)
        response.headers["Content-Length"] = str(len(content))
        # A 304 when the visitor's copy (or a proxy's) is this one.
        return get_conditional_response(
            request,
            etag=headers["ETag"],
            last_modified=parse_http_date_safe(headers["Last-Modified"]),
            response=response,
        )


_recent = RecentEntries()


@functools.lru_cache(maxsize=1024)
def _in_content_app(urlconf: str, path: str, namespaces: frozenset[str]) -> bool:
    try:
        return resolve(path, urlconf).namespace in namespaces
    except Resolver404:
        return False


def _host_name(request) -> str:
    """The host the page is for, without its port and in lower case.

    get_host() refuses names outside ALLOWED_HOSTS but accepts any port and letter case:
    keyed on those, one page could fill the cache with copies under made-up ports.
    """
    domain, _port = split_domain_port(request.get_host())
    return domain


def _varying_value(request, header: str) -> str:
    """The request's value for a header the page varies on.

    Pages vary on Cookie whenever they look at who is signed in (to show staff a
    preview), but only visitors without a session cookie get here, and to them the
    answer is the same. The CSRF cookie is left out too: a page that uses it sets it
    again, and a page that sets a cookie is never stored. Any other cookie counts.
    """
    if header != "cookie":
        return request.headers.get(header, "")
    return "; ".join(
        f"{name}={value}"
        for name, value in sorted(request.COOKIES.items())
        if name != settings.CSRF_COOKIE_NAME
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _names(response, header: str) -> tuple[str, ...]:
    """The lower-cased names listed in a header such as Vary or Cache-Control."""
    return tuple(split_directive_names(response.get(header, "")))
