"""Local development and `make demo`: DEBUG on, a fixed insecure key, mail to the console."""

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool, os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Serve vendored files straight from the package; no collectstatic needed for the demo.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # files come from the finders; `collectstatic` is for production
WHITENOISE_AUTOREFRESH = True
# `make demo` has no worker: unless QUERSCHNITT_TASKS_IMMEDIATE=0 asks for the queue (then run `querschnitt
# db_worker`), background tasks such as document builds run at once in the request.
if env_bool("QUERSCHNITT_TASKS_IMMEDIATE", True):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
