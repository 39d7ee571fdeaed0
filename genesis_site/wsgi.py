"""WSGI entry point used by gunicorn (see genesis_site/gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genesis_site.settings")

application = get_wsgi_application()
