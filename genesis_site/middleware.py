"""Small request, response-header and session policies that Django has no setting for."""

import codecs
import time
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.utils.cache import add_never_cache_headers


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


class Utf8FormsMiddleware:
    """Answer 400 to a form post whose body is not UTF-8, before anything reads it.

    Our pages are UTF-8, so browsers send their forms as UTF-8. Django would read other
    bodies anyway and change what was sent: bytes that are not UTF-8 become U+FFFD, an
    unknown charset is ignored, and multipart fields are decoded in whatever charset
    the client names. (A multipart body, such as the admin's photo uploads, is checked
    for its charset only: its files are streamed to disk, never held here to decode.)
    """

    FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            charset = request.content_params.get("charset")
            if charset is not None and not self.is_utf8(charset):
                raise BadRequest(f"A form post in charset {charset!r}: only UTF-8 is read.")
            if request.content_type == "application/x-www-form-urlencoded":
                # Percent-decoding the whole body keeps each field's bytes intact (the
                # separators are ASCII), so this fails exactly when some field is not UTF-8.
                try:
                    unquote_to_bytes(request.body).decode("utf-8")
                except UnicodeDecodeError as error:
                    raise BadRequest("A form post that is not UTF-8.") from error
        return self.get_response(request)

    @staticmethod
    def is_utf8(charset: str) -> bool:
        try:
            return codecs.lookup(charset).name == "utf-8"
        except LookupError:
            return False
