"""A per-client limit on enquiries, shared by every web worker through the database.

The default cache is a folder of files when REDIS_URL is unset, and its increment is
not atomic across processes, so the counts live in a small table instead: one row per
client per fixed window, incremented with a single UPDATE.
"""

import ipaddress
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from enquiries.models import SubmissionCounter
from genesis_site.client import client_address


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address: it identifies a client without storing its IP.

    The address is the one login lockout counts (behind our proxy, the visitor's, not
    the proxy's). An IPv6 client controls its whole /64, so the /64 is the client.
    """
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        client = address
    else:
        client = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    return salted_hmac("enquiries.ratelimit", client, algorithm="sha256").hexdigest()


def window_start(now: datetime) -> datetime:
    length = timedelta(minutes=settings.ENQUIRY_RATE_LIMIT_MINUTES)
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    return now - (now - epoch) % length


def allow(key: str, *, now: datetime | None = None) -> bool:
    """Count one enquiry for ``key``; False once the client is over the limit.

    Call it inside the transaction that stores the enquiry: when the caller rolls back a
    refused enquiry, its count goes too. One statement counts it, whoever else is counting
    at the same moment (an upsert, which SQLite and PostgreSQL both have).
    """
    start = window_start(now or timezone.now())
    table, key_column, start_column, count_column = map(
        connection.ops.quote_name,
        (SubmissionCounter._meta.db_table, "client_key", "window_start", "count"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {start_column}, {count_column}) "
            f"VALUES (%s, %s, 1) ON CONFLICT ({key_column}, {start_column}) "
            f"DO UPDATE SET {count_column} = {table}.{count_column} + 1 RETURNING {count_column}",
            [key, connection.ops.adapt_datetimefield_value(start)],
        )
        (count,) = cursor.fetchone()
    if count == 1:  # the client's first in this window: forget the windows before
        SubmissionCounter.objects.filter(window_start__lt=start).delete()
    return count <= settings.ENQUIRY_RATE_LIMIT


def seconds_until_next_window(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    next_window = window_start(now) + timedelta(minutes=settings.ENQUIRY_RATE_LIMIT_MINUTES)
    return max(1, int((next_window - now).total_seconds()))
