from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "querschnitt.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import (
            dashboard,  # noqa: F401  (registers the tile for data protection requests)
            stored_files,
        )

        stored_files.connect()

        from django.db.backends.signals import connection_created

        from .pg_timestamps import use_fast_loader

        connection_created.connect(use_fast_loader, dispatch_uid="querschnitt.fast_timestamptz")
