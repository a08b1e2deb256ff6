"""Test settings: immediate task queue, fast hashing, strict templates."""

import os

os.environ.setdefault("CVV_ENV", "test")

from cvv.settings import *  # noqa: E402,F403
from cvv.settings import TEMPLATES, VAR_DIR  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = {"huey_class": "huey.MemoryHuey", "name": "cvv-test", "immediate": True}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-private"
OBSERVATORY_DATA_DIR = VAR_DIR / "test-observatory"
AXES_ENABLED = True
# No PDF conversion by default (a LibreOffice start costs seconds): the tests of
# tests/letters turn it on where LibreOffice is installed (CI requires it).
LIBREOFFICE_BINARY = ""
# WhiteNoise looks a static file up when it is asked for, instead of listing every file of
# every app when its middleware starts: the test client starts the middleware once per test,
# and the listing cost ~60 ms each time (a third of a permission-matrix case).
WHITENOISE_AUTOREFRESH = True


class _UndefinedVariable(str):
    """Makes an undefined template variable fail the test that renders it."""

    def __mod__(self, other):
        raise AssertionError(f"Undefined template variable: {other!r}")

    def __bool__(self):  # allow {% if undefined %} checks to stay falsy
        return False


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _UndefinedVariable("%s")
