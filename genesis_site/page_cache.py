"""Serve public content pages to anonymous visitors from the shared cache.

Only GET requests for a page of the content apps (the apps that declare their
``site_content``: genesis_site/site_content.py) are cached, and only for visitors
without a session or messages cookie whose query string, if any, only tracks
campaigns. Only complete, public answers are stored: status 200, no cookie set, no
``Cache-Control`` that forbids it. ``Vary`` is honoured by keeping one copy per value
of the headers it names, as Django's own cache middleware does (see
``_varying_value()`` for Cookie). So the enquiry form, the admin, /healthz and
anything personal always reach their views.

Invalidation: every key includes a content version kept in the cache. Saving or
deleting any model of the content apps replaces it once the transaction commits, so
a published change shows at once on every worker and node. The entries of older
versions are never read again and expire. Records no page shows (each app lists them
in its ``site_content.not_on_pages``) are left out: emptying the cache for each answer
to "Was this page helpful?" would leave nothing cached on a busy day.

CSP nonces: a page keeps its nonce in its ``<script>`` tags and in the
Content-Security-Policy header. A cached copy stores a placeholder in both, and each
visitor gets a fresh nonce in its place: a shared nonce would let anyone who saw one
copy inject a script that every later visitor's browser would run.
"""

import functools
import hashlib
import math
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.csp import get_nonce
from django.urls import Resolver404, resolve
from django.utils.cache import get_max_age
from django.utils.csp import CSP, generate_nonce
from django.utils.http import split_directive_names

from genesis_site import site_content

VERSION_KEY = "page-cache:version"
# Campaign links add these; they never change what a page shows.
IGNORED_QUERY_PARAMETERS = frozenset(
    {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "gclid", "fbclid"}
)
NONCE_PLACEHOLDER = b"page-cache-csp-nonce"
NONCE_HEADERS = (CSP.HEADER_ENFORCE, CSP.HEADER_REPORT_ONLY)
UNCACHEABLE_CONTROL = frozenset({"private", "no-cache", "no-store"})


def bump_content_version() -> None:
    # A new, never-used value (not an increment): if the key is ever evicted, a
    # restarted count could meet old entries again.
    cache.set(VERSION_KEY, time.time_ns(), None)


def content_version() -> int:
    if (version := cache.get(VERSION_KEY)) is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed(sender, using=None, **kwargs) -> None:
    if site_content.is_shown_on_pages(sender):
        # After commit: a request reading the new version must also read the new data.
        transaction.on_commit(bump_content_version, using=using)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page_cache.{signal}")


class RecentEntries:
    """The shared cache, with the entries this worker used lately also kept in memory.

    An entry never changes under its key: page keys hold the content version, and the
    headers a page varies on change only with the code. So a worker may answer from
    memory, sparing a file read and decompression (or a round trip to Redis), as long as
    the version itself is read from the shared cache on every request. Each entry is
    stored with its expiry time, which memory honours too.
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
        self.recent = RecentEntries()

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not self.is_public_page_request(request):
            return self.get_response(request)
        page = f"{_host_name(request)}{request.path}"
        vary_key = f"page-cache:vary:{_digest(page)}"
        version = content_version()
        if (vary := self.recent.get(vary_key)) is not None:
            entry = self.recent.get(self.page_key(request, page, version, vary))
            if entry is not None:
                return self.from_entry(entry)

        response = self.get_response(request)
        if (timeout := self.cache_timeout(response)) is not None:
            vary = _names(response, "Vary")
            self.recent.set(vary_key, vary, timeout)
            self.recent.set(
                self.page_key(request, page, version, vary),
                self.to_entry(request, response),
                timeout,
            )
        return response

    @staticmethod
    def is_public_page_request(request) -> bool:
        if request.method != "GET" or "authorization" in request.headers:
            return False
        if {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name} & request.COOKIES.keys():
            return False  # signed in, or a message is waiting to be shown
        if not request.GET.keys() <= IGNORED_QUERY_PARAMETERS:
            return False
        return _in_content_app(
            settings.ROOT_URLCONF, request.path_info, site_content.page_namespaces()
        )

    @staticmethod
    def cache_timeout(response) -> int | None:
        """How long the response may be cached, or None if it must not be."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        directives = set(_names(response, "Cache-Control"))
        if directives & UNCACHEABLE_CONTROL or "*" in _names(response, "Vary"):
            return None
        max_age = get_max_age(response)
        timeout = min(math.inf if max_age is None else max_age, settings.PAGE_CACHE_SECONDS)
        return timeout or None

    @staticmethod
    def page_key(request, page: str, version: int, vary: tuple[str, ...]) -> str:
        values = [page] + [f"{header}={_varying_value(request, header)}" for header in vary]
        digest = _digest("\n".join(values))
        return f"page-cache:{version}:{digest}"

    @staticmethod
    def to_entry(request, response) -> tuple:
        content, headers = response.content, dict(response.headers)
        if nonce := get_nonce(request):  # falsy unless the page used it
            content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
            for header in NONCE_HEADERS:
                if header in headers:
                    headers[header] = headers[header].replace(
                        str(nonce), NONCE_PLACEHOLDER.decode()
                    )
        headers.pop("Content-Length", None)
        return response.status_code, headers, content

    @staticmethod
    def from_entry(entry: tuple) -> HttpResponse:
        status, headers, content = entry
        nonce = generate_nonce()
        response = HttpResponse(content.replace(NONCE_PLACEHOLDER, nonce.encode()), status=status)
        for name, value in headers.items():
            if name in NONCE_HEADERS:
                value = value.replace(NONCE_PLACEHOLDER.decode(), nonce)
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(response.content))
        return response


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
