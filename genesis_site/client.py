"""Who is asking: the one place that reads the visitor's address.

Login lockout (django-axes), the enquiry rate limit and the one-vote-per-day page
feedback all count per client; they must agree on who the client is, and behind our
reverse proxy that is not REMOTE_ADDR (always the proxy) but an entry in
X-Forwarded-For.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address, as the nearest of our own reverse proxies saw it.

    Each of ``TRUSTED_PROXY_COUNT`` proxies appends the address it received from to
    X-Forwarded-For, so the entry that many places from the right is the client;
    anything further left was written by the client and cannot be trusted. Without a
    trusted proxy (or without the header) it is the address of the connection.
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
