"""WSGI entry point used by gunicorn (see genesis_site/gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genesis_site.settings")

django_application = get_wsgi_application()

from genesis_site.page_cache import serve_stored_pages  # noqa: E402 - needs Django set up

application = serve_stored_pages(django_application)
