import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "querschnitt.settings.production")
application = get_wsgi_application()

from querschnitt.core.startup import prepare_server_process  # noqa: E402 (needs the app registry)

prepare_server_process()
