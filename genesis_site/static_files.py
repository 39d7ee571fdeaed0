"""Static files as WhiteNoise stores them, with each one's address worked out once."""

import functools

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from genesis_site.process_memory import ProcessMemory


class RememberedURLsStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed storage; ``url()`` answers from memory.

    The manifest changes only with ``collectstatic`` and a restart, yet every
    ``{% static %}`` looked its file up in it and rebuilt the address: four per page, a
    tenth of the CPU of a small one.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urls = ProcessMemory(size=1024)  # far more than the site has

    def url(self, name, force=False):
        # DEBUG serves the files under their own names.
        return self.urls.get(
            (name, force, settings.DEBUG), functools.partial(super().url, name, force)
        )
