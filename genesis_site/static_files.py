"""Static files as WhiteNoise stores them, with each one's address worked out once."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

MOST_REMEMBERED = 1024  # far more than the site has; a bound all the same


class RememberedURLsStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed storage; ``url()`` answers from memory.

    The manifest changes only with ``collectstatic`` and a restart, yet every
    ``{% static %}`` looked its file up in it and rebuilt the address: four per page, a
    tenth of the CPU of a small one.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remembered_urls = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)  # DEBUG serves the files under their own names
        if (url := self.remembered_urls.get(key)) is None:
            url = super().url(name, force)
            if len(self.remembered_urls) < MOST_REMEMBERED:
                self.remembered_urls[key] = url
        return url
