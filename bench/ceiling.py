"""The ceiling of `make bench`: the therapy page's response from a WSGI app without Django.

The same bytes as the site sends from its page cache: the page's HTML and its headers
(security headers, Cache-Control, ETag...), as the bench's set-up fetched them. Served by
the same gunicorn settings as the site, so the difference between the two is what Django,
our middleware and the page cache cost per request: gunicorn's own work on the headers
(checking each, and putting them in the access log's fields) is in both.
"""

import json
import os
from pathlib import Path

PAGE = Path(os.environ["BENCH_CEILING_PAGE"]).read_bytes()
HEADERS = [
    *(
        (name, value)
        for name, value in json.loads(Path(os.environ["BENCH_CEILING_HEADERS"]).read_text())
    ),
    ("Content-Length", str(len(PAGE))),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [PAGE]
