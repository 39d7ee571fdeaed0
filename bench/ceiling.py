"""The ceiling of `make bench`: the therapy page's HTML from a WSGI app without Django.

Served by the same gunicorn settings as the site, so the difference between the two is
what Django, our middleware and the page cache cost per request.
"""

import os
from pathlib import Path

PAGE = Path(os.environ["BENCH_CEILING_PAGE"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [PAGE]
