import io
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image


def png_upload(name: str = "photo.png", size: tuple[int, int] = (4, 3)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class TemporaryMediaMixin:
    """Uploaded photos go to a folder deleted after the test class."""

    @classmethod
    def setUpClass(cls):
        media_root = cls.enterClassContext(tempfile.TemporaryDirectory())
        cls.enterClassContext(override_settings(MEDIA_ROOT=media_root, MEDIA_URL="/media/"))
        super().setUpClass()
