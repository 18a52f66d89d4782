"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from config.env import VAR_DIR, database_from_env

from .base import *

DATABASES = {"default": database_from_env(VAR_DIR / "test.sqlite3")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SPRED_DEMO = False
# WhiteNoise otherwise indexes every static file each time a test client builds its middleware,
# which is most of the cost of a test that makes requests from several clients.
WHITENOISE_AUTOREFRESH = True
