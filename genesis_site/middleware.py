"""Small response-header and session policies that Django has no setting for."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY`` as the Permissions-Policy header.

    https://developer.mozilla.org/docs/Web/HTTP/Reference/Headers/Permissions-Policy
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowlist)})"
            for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminNoStoreMiddleware:
    """Keep every admin response, including its JavaScript catalogue, out of all caches.

    Admin pages show enquiries (health data); a shared or back-button cache must
    never hold them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            add_never_cache_headers(response)
        return response


class StaffSessionTimeoutMiddleware:
    """End a staff session after ``STAFF_IDLE_TIMEOUT_MINUTES`` without a request, and
    in any case ``STAFF_SESSION_MAX_HOURS`` after signing in (OWASP ASVS 3.3.2).

    Each staff request pushes the idle expiry forward (sliding), both in the session
    store and on the cookie. Visitors without a session are not touched, so public
    pages stay cacheable (no ``Vary: Cookie``).
    """

    SIGNED_IN_AT = "staff_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.is_staff_session(request):
            signed_in_at = request.session.get(self.SIGNED_IN_AT, time.time())
            if time.time() - signed_in_at > settings.STAFF_SESSION_MAX_HOURS * 3600:
                logout(request)
        response = self.get_response(request)
        # Again after the view, so that the sign-in response itself is covered.
        if self.is_staff_session(request):
            request.session.setdefault(self.SIGNED_IN_AT, time.time())
            request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT_MINUTES * 60)
        return response

    @staticmethod
    def is_staff_session(request) -> bool:
        return bool(
            request.session.session_key and request.user.is_authenticated and request.user.is_staff
        )


def client_ip(request) -> str:
    """The visitor's address, as the nearest of our own reverse proxies saw it.

    Each of ``TRUSTED_PROXY_COUNT`` proxies appends the address it received from to
    X-Forwarded-For, so the entry that many places from the right is the client;
    anything further left was written by the client and cannot be trusted.
    Used by django-axes to count failed logins per address.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        address.strip()
        for address in request.headers.get("x-forwarded-for", "").split(",")
        if address.strip()
    ]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")
