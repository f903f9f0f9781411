"""Test settings: import without any secret; SQLite in memory unless DATABASE_URL names PostgreSQL."""

from .base import *  # noqa: F403
from .base import DATABASES, os

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # files come from the finders; no collectstatic in tests
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "TEST": {"NAME": None},
    }
AXES_FAILURE_LIMIT = 3
# One directory per pytest-xdist worker (gw0, gw1, …), so parallel workers never share or delete each other's files.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = "/tmp/querschnitt-test-media" + (f"-{_worker}" if _worker else "")  # noqa: S108
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Background tasks run at once, so a document build is finished when the request that started it returns.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
# Many tests post again and again from 127.0.0.1; the rate-limit tests switch the limits on for themselves.
QUERSCHNITT_RATELIMITS_ENABLED = False
ACCOUNT_RATE_LIMITS = False
